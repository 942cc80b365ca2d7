package dev.kiln.plan;

import java.io.IOException;

/**
 * Linear warmup then cosine decay to {@code minLrRatio × peakLr}, over {@code totalSteps}
 * optimizer steps of {@code batchTokens} tokens each. Steps are numbered from 0; the first
 * warmup step already trains at {@code peakLr / warmupSteps} (a step at lr 0 would be wasted),
 * step {@code warmupSteps - 1} is at the peak and the last step is exactly at the minimum.
 */
public record LrSchedule(
    long batchTokens, long totalSteps, long warmupSteps, double peakLr, double minLrRatio) {

  /** LLaMA's warmup (Touvron et al. 2023), used unless the run is too short for it. */
  public static final long DEFAULT_WARMUP_STEPS = 2000;

  public LrSchedule {
    if (batchTokens <= 0) {
      throw new IllegalArgumentException("batchTokens must be positive, got " + batchTokens);
    }
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
    }
    if (warmupSteps < 0 || warmupSteps >= totalSteps) {
      throw new IllegalArgumentException(
          "warmup (" + warmupSteps + " steps) must be at least 0 and shorter than the run ("
              + totalSteps + " steps)");
    }
    if (!(peakLr > 0) || Double.isInfinite(peakLr)) {
      throw new IllegalArgumentException("peakLr must be positive and finite, got " + peakLr);
    }
    if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
      throw new IllegalArgumentException("minLrRatio must be in [0, 1], got " + minLrRatio);
    }
  }

  /**
   * The schedule for training on {@code tokens} tokens; the last, possibly partial, batch counts
   * as a step.
   */
  public static LrSchedule forTokens(
      long tokens, long batchTokens, double peakLr, long warmupSteps, double minLrRatio) {
    return new LrSchedule(
        batchTokens, steps(tokens, batchTokens), warmupSteps, peakLr, minLrRatio);
  }

  /** As above with {@link #defaultWarmupSteps} warmup steps. */
  public static LrSchedule forTokens(
      long tokens, long batchTokens, double peakLr, double minLrRatio) {
    long steps = steps(tokens, batchTokens);
    return new LrSchedule(batchTokens, steps, defaultWarmupSteps(steps), peakLr, minLrRatio);
  }

  /** {@link #DEFAULT_WARMUP_STEPS}, or a tenth of the run when that is shorter. */
  public static long defaultWarmupSteps(long totalSteps) {
    return Math.min(DEFAULT_WARMUP_STEPS, totalSteps / 10);
  }

  private static long steps(long tokens, long batchTokens) {
    if (tokens <= 0 || batchTokens <= 0) {
      throw new IllegalArgumentException(
          "tokens and batchTokens must be positive, got " + tokens + " and " + batchTokens);
    }
    return (tokens + batchTokens - 1) / batchTokens;
  }

  public double minLr() {
    return peakLr * minLrRatio;
  }

  public double lr(long step) {
    if (step < 0 || step >= totalSteps) {
      throw new IllegalArgumentException("step " + step + " is outside [0, " + totalSteps + ")");
    }
    if (step < warmupSteps) {
      return peakLr * (step + 1) / warmupSteps;
    }
    long peakStep = Math.max(warmupSteps - 1, 0);
    long decaySteps = totalSteps - 1 - peakStep;
    if (decaySteps == 0) {
      return peakLr; // a one-step run without warmup
    }
    double progress = (double) (step - peakStep) / decaySteps;
    return minLr() + (peakLr - minLr()) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /** Writes {@code step,lr} with a header and one row per step. */
  public void writeCsv(Appendable out) throws IOException {
    out.append("step,lr\n");
    for (long step = 0; step < totalSteps; step++) {
      out.append(Long.toString(step)).append(',').append(Double.toString(lr(step))).append('\n');
    }
  }
}
