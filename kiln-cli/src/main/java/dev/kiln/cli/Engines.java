package dev.kiln.cli;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.local.LocalEngine;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.spark.SparkEngine;
import java.nio.file.Path;
import java.util.Map;

/** Picks the engine a command runs on. */
final class Engines {
  private Engines() {}

  /** Engines {@code run --engine} knows. */
  static final java.util.List<String> NAMES = java.util.List.of("local", "spark");

  /** The local engine; {@code threads} overrides the recipe when positive. */
  static EngineFactory local(int threads) {
    return (work, logs, spec) -> {
      if (Recipe.isUrl(logs)) {
        throw new IllegalArgumentException("the local engine writes to local paths, not to " + logs
            + "; outputs on Hadoop's file systems (hdfs://, s3a://...) need --engine spark");
      }
      int t = threads > 0 ? threads : spec.threads() > 0 ? spec.threads() : Runtime.getRuntime().availableProcessors();
      long memory = spec.memoryMb() == Recipe.EngineSpec.AUTO_MEMORY ? LocalEngine.Options.AUTO : (long) spec.memoryMb() << 20;
      return new LocalEngine(new LocalEngine.Options(work, Path.of(logs), t, memory));
    };
  }

  /**
   * Spark: the given master; else the one spark-submit set; else {@code local[threads]} when
   * threads are given (here or in the recipe), else {@code local[*]}. Spark manages its own memory
   * ({@code spark.driver.memory}, {@code spark.executor.memory}); the recipe's memory_mb is for the
   * local engine.
   */
  static EngineFactory spark(String master, int threads) {
    return (work, logs, spec) -> {
      int t = threads > 0 ? threads : spec.threads();
      String m = master != null ? master
          : System.getProperty("spark.master") != null ? null
          : t > 0 ? "local[" + t + "]" : SparkEngine.DEFAULT_MASTER;
      return SparkEngine.start(new SparkEngine.Options(m, work, logs, Map.of()));
    };
  }

  /** The engine a command names (or the recipe's, when the command names none). */
  static EngineFactory named(String name, int threads, String master) {
    return switch (name) {
      case "local" -> local(threads);
      case "spark" -> spark(master, threads);
      default -> throw new IllegalArgumentException("unknown engine '" + name + "'; engines: " + String.join(", ", NAMES));
    };
  }
}
