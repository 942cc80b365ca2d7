package dev.kiln.pack;

import dev.kiln.core.stage.Stage;
import dev.kiln.core.stage.StageProvider;
import dev.kiln.pack.stages.Curriculum;
import dev.kiln.pack.stages.Fim;
import dev.kiln.pack.stages.Mix;
import dev.kiln.pack.stages.Pack;
import dev.kiln.pack.stages.Replay;
import dev.kiln.pack.stages.Tokenize;
import java.util.List;

/** The pack module's stages, for the registry. */
public final class PackStages implements StageProvider {
  @Override
  public List<Class<? extends Stage>> stages() {
    return List.of(Tokenize.class, Fim.class, Mix.class, Replay.class, Curriculum.class, Pack.class);
  }
}
