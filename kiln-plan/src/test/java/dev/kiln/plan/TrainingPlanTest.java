package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingPlanTest {

  private static final HardwareSpec A100 = HardwareSpec.preset("a100-80g");

  private static TrainingPlan plan(
      String model, long tokens, int gpus, double mfu, ZeroStage zero, boolean recompute) {
    ModelSpec spec = ModelSpec.preset(model);
    return new TrainingPlan(spec, A100, gpus, tokens, mfu, zero, recompute, spec.context(), 1);
  }

  @Test
  void gpt3TrainingFlopsMatchThePaper() {
    // Brown et al. 2020, table D.1: 3.14e23 FLOPs for 175B parameters on 300B tokens.
    TrainingPlan gpt3 = plan("gpt3-175b", 300_000_000_000L, 1024, 0.4, ZeroStage.NONE, false);
    Published.within(3.14e23, gpt3.trainingFlops(), 0.02, "GPT-3 training FLOPs");
  }

  @Test
  void fullRecomputationRepeatsTheForwardPass() {
    TrainingPlan plain = plan("gpt3-175b", 300_000_000_000L, 1024, 0.4, ZeroStage.NONE, false);
    TrainingPlan recompute = plan("gpt3-175b", 300_000_000_000L, 1024, 0.4, ZeroStage.NONE, true);
    // 8ND instead of 6ND, at the same MFU and so the same time; only HFU rises.
    assertEquals(8.0 / 6.0, recompute.trainingFlops() / plain.trainingFlops(), 1e-12);
    assertEquals(plain.trainingSeconds(), recompute.trainingSeconds(), 1e-6);
    assertEquals(0.4 * 8 / 6, recompute.hfu(), 1e-12);
  }

  @Test
  void llama65bTakesAboutThreeWeeks() {
    // Touvron et al. 2023: about 380 tokens/s/GPU on 2048 A100-80GB, 1.4T tokens in about 21
    // days; table 15: 1,022,362 GPU-hours. The MFU that throughput implies, from the published
    // parameter count and the A100's 312 TFLOP/s: 380 × 6 × 65.29e9 / 312e12 = 0.477.
    double mfu = 380 * 6 * 65.29e9 / 312e12;
    assertEquals(0.477, mfu, 0.0005);
    TrainingPlan llama =
        plan("llama-65b", 1_400_000_000_000L, 2048, mfu, ZeroStage.OPTIMIZER_STATES, false);
    Published.within(21, llama.trainingDays(), 0.10, "LLaMA-65B days");
    Published.within(1_022_362, llama.gpuHours(), 0.10, "LLaMA-65B GPU-hours");
    Published.within(380, llama.tokensPerSecondPerGpu(), 0.01, "LLaMA-65B tokens/s/GPU");
  }

  @Test
  void chinchillaOptimalTokensAreAboutTwentyPerParameter() {
    // Hoffmann et al. 2022: Chinchilla, 70B parameters, was compute-optimal at 1.4T tokens;
    // table 3 gives 3.7T tokens for 175B parameters (the 20x rule undershoots there).
    Published.within(1.4e12, plan("llama2-70b", 1, 1, 0.5, ZeroStage.NONE, false)
        .chinchillaTokens(), 0.02, "Chinchilla tokens for 70B");
    Published.within(3.7e12, plan("gpt3-175b", 1, 1, 0.5, ZeroStage.NONE, false)
        .chinchillaTokens(), 0.10, "Chinchilla tokens for 175B");
  }

  @Test
  void zeroMemoryMatchesTheZeroPaper() {
    // Rajbhandari et al. 2020, figure 1: Ψ = 7.5B parameters on N = 64 GPUs need 120 GB
    // (baseline), 31.4 GB (ZeRO-1), 16.6 GB (ZeRO-2) and 1.9 GB (ZeRO-3) per GPU.
    long psi = 7_500_000_000L;
    double[] publishedGb = {120, 31.4, 16.6, 1.9};
    for (ZeroStage stage : ZeroStage.values()) {
      double gb = MemoryEstimate.of(psi, stage, 64, 0).modelStateBytes() / 1e9;
      Published.roundsTo(publishedGb[stage.number()], 0.1, gb, "ZeRO-" + stage.number());
    }
  }

  @Test
  void zeroStagesShardTheirStates() {
    // The paper's formulas term by term: ZeRO-1 4Ψ + 12Ψ/N, ZeRO-2 2Ψ + 14Ψ/N, ZeRO-3 16Ψ/N.
    long psi = 1_000_000L * 64;
    int n = 64;
    assertEquals(16 * psi, MemoryEstimate.of(psi, ZeroStage.NONE, n, 0).modelStateBytes());
    assertEquals(
        4 * psi + 12 * psi / n,
        MemoryEstimate.of(psi, ZeroStage.OPTIMIZER_STATES, n, 0).modelStateBytes());
    assertEquals(
        2 * psi + 14 * psi / n, MemoryEstimate.of(psi, ZeroStage.GRADIENTS, n, 0).modelStateBytes());
    assertEquals(16 * psi / n, MemoryEstimate.of(psi, ZeroStage.PARAMETERS, n, 0).modelStateBytes());
  }

  @Test
  void activationsFollowKorthikanti() {
    // Korthikanti et al. 2022, no parallelism: sbh(34 + 5as/h) bytes per layer; with full
    // recomputation 2sbh per layer plus one layer being rebuilt.
    ModelSpec llama = ModelSpec.preset("llama-7b");
    double s = 2048, b = 2, h = llama.hidden(), a = llama.heads(), layers = llama.layers();
    double perLayer = s * b * h * (34 + 5 * a * s / h);
    TrainingPlan stored =
        new TrainingPlan(llama, A100, 8, 1_000_000, 0.4, ZeroStage.NONE, false, 2048, 2);
    TrainingPlan recomputed =
        new TrainingPlan(llama, A100, 8, 1_000_000, 0.4, ZeroStage.NONE, true, 2048, 2);
    assertEquals(layers * perLayer, stored.memoryPerGpu().activationBytes(), 0.5);
    assertEquals(layers * 2 * s * b * h + perLayer, recomputed.memoryPerGpu().activationBytes(), 0.5);
    assertEquals(layers * 5 * a * s * s * b, stored.attentionScoreBytes(), 0.5);
  }

  @Test
  void sevenBillionParametersNeedShardingToFitAnA100() {
    // 16 bytes × 6.74B parameters is about 108 GB of model states: more than 80 GiB.
    assertFalse(plan("llama-7b", 1_000_000_000L, 64, 0.4, ZeroStage.NONE, true).fitsInMemory());
    assertTrue(plan("llama-7b", 1_000_000_000L, 64, 0.4, ZeroStage.PARAMETERS, true).fitsInMemory());
  }

  @Test
  void rejectsImpossibleRuns() {
    assertThrows(
        IllegalArgumentException.class,
        () -> plan("llama-7b", 1_000, 8, 1.5, ZeroStage.NONE, false));
    assertThrows(
        IllegalArgumentException.class, () -> plan("llama-7b", 0, 8, 0.4, ZeroStage.NONE, false));
    assertThrows(
        IllegalArgumentException.class, () -> plan("llama-7b", 1_000, 0, 0.4, ZeroStage.NONE, false));
    IllegalArgumentException stage =
        assertThrows(IllegalArgumentException.class, () -> ZeroStage.of(4));
    assertTrue(stage.getMessage().contains("0, 1, 2 or 3"), stage.getMessage());
  }
}
