package dev.kiln.dedup;

import dev.kiln.core.stage.Stage;
import dev.kiln.core.stage.StageProvider;
import java.util.List;

/** The dedup module's stages, for the registry. */
public final class DedupStages implements StageProvider {
  @Override
  public List<Class<? extends Stage>> stages() {
    return List.of(ExactDedup.class, LineDedup.class, MinHashDedup.class, SimHashDedup.class, SubstringDedup.class, Decontaminate.class);
  }
}
