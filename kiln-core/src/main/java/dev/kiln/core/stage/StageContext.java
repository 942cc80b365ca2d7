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
}
