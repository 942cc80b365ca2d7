package dev.kiln.core.stage;

import java.io.Serializable;

/**
 * What a global stage knows of its run: its accounting name, the recipe's seed, how many
 * partitions its shuffles should use (a recipe setting, never the thread count, so output does not
 * depend on the machine), and the run's output directory, for the few stages that write outputs of
 * their own beside the shards (e.g. {@code pack}'s Megatron files); null outside a pipeline run.
 */
public record StageContext(String stageName, long seed, int shufflePartitions, String outputDir) implements Serializable {
  /** A context without an output directory. */
  public StageContext(String stageName, long seed, int shufflePartitions) {
    this(stageName, seed, shufflePartitions, null);
  }

  /**
   * The metadata key of one of this stage's measures, {@code <stage>.<measure>}, named by the stage
   * (without the {@code #N} a repeated stage's account name carries), as every stage names what it
   * writes, so reports find a stage's measures under its name.
   */
  public String measureKey(String measure) {
    int hash = stageName.lastIndexOf('#');
    return (hash > 0 ? stageName.substring(0, hash) : stageName) + "." + measure;
  }

  /**
   * The output directory for a stage that writes files there with {@code java.nio}; {@code why}
   * completes "STAGE ..." when there is none. An output at a URL (hdfs://, s3a://) is refused here,
   * before any work, since such files would land in a local directory named like the URL.
   */
  public java.nio.file.Path localOutputDir(String why) {
    if (outputDir == null) {
      throw new IllegalStateException(stageName + " " + why + "; run it in a pipeline with an output directory");
    }
    if (dev.kiln.core.recipe.Recipe.isUrl(outputDir)) {
      throw new IllegalArgumentException(stageName + " writes its files with java.nio, so its output must be a local or mounted "
          + "directory, not " + outputDir);
    }
    return java.nio.file.Path.of(outputDir);
  }
}
