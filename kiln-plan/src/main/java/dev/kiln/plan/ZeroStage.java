package dev.kiln.plan;

/**
 * ZeRO stages (Rajbhandari et al. 2020): each stage shards one more kind of model state across
 * the data-parallel ranks, on top of what the previous stage shards.
 */
public enum ZeroStage {
  /** Plain data parallelism: every rank holds everything. */
  NONE,
  /** ZeRO-1: optimizer states sharded. */
  OPTIMIZER_STATES,
  /** ZeRO-2: optimizer states and gradients sharded. */
  GRADIENTS,
  /** ZeRO-3: optimizer states, gradients and weights sharded. */
  PARAMETERS;

  /** The stage by its number, 0 to 3. */
  public static ZeroStage of(int stage) {
    if (stage < 0 || stage > 3) {
      throw new IllegalArgumentException("ZeRO stage must be 0, 1, 2 or 3, got " + stage);
    }
    return values()[stage];
  }

  public int number() {
    return ordinal();
  }

  boolean shardsOptimizerStates() {
    return this != NONE;
  }

  boolean shardsGradients() {
    return this == GRADIENTS || this == PARAMETERS;
  }

  boolean shardsWeights() {
    return this == PARAMETERS;
  }
}
