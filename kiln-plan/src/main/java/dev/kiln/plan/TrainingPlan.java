package dev.kiln.plan;

/**
 * A pretraining run: a model trained on {@code tokens} tokens by {@code gpus} data-parallel GPUs,
 * each running {@code microBatch} sequences of {@code seqLen} tokens at a time. All derived figures
 * are pure functions of these fields. Tensor and pipeline parallelism are not modelled.
 *
 * <p>{@code mfu} is model FLOPs utilisation as defined in PaLM (Chowdhery et al. 2022, appendix
 * B): the model's FLOPs (6 per parameter per token) over the cluster's peak, so recomputation
 * does not raise it. PaLM also counts attention-score FLOPs (12·L·H·Q·T per token); like GPT-3's
 * 3.14e23, this planner leaves them out (about 4% for LLaMA-65B at 2048 tokens).
 */
public record TrainingPlan(
    ModelSpec model,
    HardwareSpec gpu,
    int gpus,
    long tokens,
    double mfu,
    ZeroStage zero,
    boolean recompute,
    int seqLen,
    int microBatch) {

  /** Hoffmann et al. 2022: compute-optimal training uses about 20 tokens per parameter. */
  public static final int CHINCHILLA_TOKENS_PER_PARAMETER = 20;

  public static final double SECONDS_PER_DAY = 86_400;

  public TrainingPlan {
    if (model == null || gpu == null || zero == null) {
      throw new IllegalArgumentException("model, gpu and zero must not be null");
    }
    if (gpus <= 0) {
      throw new IllegalArgumentException("gpus must be positive, got " + gpus);
    }
    if (tokens <= 0) {
      throw new IllegalArgumentException("tokens must be positive, got " + tokens);
    }
    if (!(mfu > 0 && mfu <= 1)) {
      throw new IllegalArgumentException("mfu must be in (0, 1], got " + mfu);
    }
    if (seqLen <= 0 || microBatch <= 0) {
      throw new IllegalArgumentException(
          "seqLen and microBatch must be positive, got " + seqLen + " and " + microBatch);
    }
  }

  public long parameters() {
    return model.parameters();
  }

  /** Forward and backward pass FLOPs the model needs: 6ND. MFU is measured against these. */
  public double modelFlops() {
    return 6.0 * parameters() * tokens;
  }

  /** FLOPs the GPUs execute: 6ND, or 8ND when full recomputation repeats the forward pass. */
  public double trainingFlops() {
    return (recompute ? 8.0 : 6.0) * parameters() * tokens;
  }

  /** Hardware FLOPs utilisation implied by {@link #mfu}: higher when recomputing. */
  public double hfu() {
    return mfu * trainingFlops() / modelFlops();
  }

  public double trainingSeconds() {
    return modelFlops() / (gpus * gpu.peakFlops() * mfu);
  }

  public double trainingDays() {
    return trainingSeconds() / SECONDS_PER_DAY;
  }

  public double gpuHours() {
    return trainingSeconds() * gpus / 3600;
  }

  public double tokensPerSecondPerGpu() {
    return tokens / trainingSeconds() / gpus;
  }

  public long chinchillaTokens() {
    return CHINCHILLA_TOKENS_PER_PARAMETER * parameters();
  }

  public double tokensPerParameter() {
    return (double) tokens / parameters();
  }

  /** Tokens per optimizer step with one micro-batch per GPU and no gradient accumulation. */
  public long globalBatchTokens() {
    return (long) gpus * microBatch * seqLen;
  }

  public MemoryEstimate memoryPerGpu() {
    return MemoryEstimate.of(parameters(), zero, gpus, activationBytes());
  }

  public boolean fitsInMemory() {
    return memoryPerGpu().totalBytes() <= gpu.memoryBytes();
  }

  /**
   * Activations of the transformer layers, Korthikanti et al. 2022 without tensor or sequence
   * parallelism: sbh(34 + 5as/h) bytes per layer, 16-bit values. That derivation assumes a 4h
   * MLP; we apply it to SwiGLU models as is. With full recomputation only each layer's input
   * (2sbh) is kept, plus one layer's full activations while it is rebuilt in the backward pass.
   * Embedding and logits memory is not included.
   */
  public long activationBytes() {
    long layer = 34 * sbh() + attentionScoreBytesPerLayer();
    return recompute ? model.layers() * 2 * sbh() + layer : model.layers() * layer;
  }

  /**
   * The part of {@link #activationBytes} that holds attention scores (5as²b per layer: softmax
   * input, output and dropout mask). FlashAttention and selective recomputation avoid it.
   */
  public long attentionScoreBytes() {
    return (recompute ? 1 : model.layers()) * attentionScoreBytesPerLayer();
  }

  private long sbh() {
    return (long) seqLen * microBatch * model.hidden();
  }

  private long attentionScoreBytesPerLayer() {
    return 5L * model.heads() * seqLen * seqLen * microBatch;
  }
}
