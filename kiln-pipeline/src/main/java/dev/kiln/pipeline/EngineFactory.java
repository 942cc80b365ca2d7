package dev.kiln.pipeline;

import dev.kiln.core.engine.Engine;
import dev.kiln.core.recipe.Recipe.EngineSpec;
import java.nio.file.Path;

/** Makes the engine a run uses: its work directory, where logs go, and the recipe's settings. */
@FunctionalInterface
public interface EngineFactory {
  Engine create(Path workDir, Path logDir, EngineSpec spec);
}
