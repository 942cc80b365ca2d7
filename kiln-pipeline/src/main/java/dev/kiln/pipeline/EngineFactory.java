package dev.kiln.pipeline;

import dev.kiln.core.engine.Engine;
import dev.kiln.core.recipe.Recipe.EngineSpec;
import java.nio.file.Path;

/**
 * Makes the engine a run uses: its local work directory, where its logs go (the run's output: a
 * local path, or a URL such as {@code hdfs://nn/out} that only engines writing through
 * {@link dev.kiln.io.Storage} accept), and the recipe's settings.
 */
@FunctionalInterface
public interface EngineFactory {
  Engine create(Path workDir, String logDir, EngineSpec spec);
}
