package dev.kiln.plan;

/**
 * Bytes one GPU holds during mixed-precision Adam training: BF16 weights and gradients, FP32
 * optimizer states (master weights, momentum, variance), and activations.
 */
public record MemoryEstimate(
    long weightBytes, long gradientBytes, long optimizerBytes, long activationBytes) {

  /** BF16 weights, BF16 gradients, FP32 master copy + Adam m + Adam v: 16 bytes per parameter. */
  static final int WEIGHT_BYTES = 2;
  static final int GRADIENT_BYTES = 2;
  static final int OPTIMIZER_BYTES = 12;

  public MemoryEstimate {
    if (weightBytes < 0 || gradientBytes < 0 || optimizerBytes < 0 || activationBytes < 0) {
      throw new IllegalArgumentException("memory components must not be negative");
    }
  }

  /**
   * Model states per GPU under ZeRO with {@code dataParallel} ranks: 16Ψ without ZeRO, 4Ψ + 12Ψ/N
   * for stage 1, 2Ψ + 14Ψ/N for stage 2, 16Ψ/N for stage 3 (Ψ parameters, N ranks). Shards
   * round up, as the last rank pads.
   */
  public static MemoryEstimate of(
      long parameters, ZeroStage zero, int dataParallel, long activationBytes) {
    if (parameters <= 0) {
      throw new IllegalArgumentException("parameters must be positive, got " + parameters);
    }
    if (dataParallel <= 0) {
      throw new IllegalArgumentException("dataParallel must be positive, got " + dataParallel);
    }
    return new MemoryEstimate(
        shard(WEIGHT_BYTES * parameters, zero.shardsWeights(), dataParallel),
        shard(GRADIENT_BYTES * parameters, zero.shardsGradients(), dataParallel),
        shard(OPTIMIZER_BYTES * parameters, zero.shardsOptimizerStates(), dataParallel),
        activationBytes);
  }

  /** Weights, gradients and optimizer states: what ZeRO shards. */
  public long modelStateBytes() {
    return weightBytes + gradientBytes + optimizerBytes;
  }

  public long totalBytes() {
    return modelStateBytes() + activationBytes;
  }

  private static long shard(long bytes, boolean sharded, int ranks) {
    return sharded ? (bytes + ranks - 1) / ranks : bytes;
  }
}
