package dev.kiln.cli;

import dev.kiln.plan.HardwareSpec;
import dev.kiln.plan.LrSchedule;
import dev.kiln.plan.ModelSpec;
import dev.kiln.plan.PlanReport;
import dev.kiln.plan.Tokens;
import dev.kiln.plan.TrainingPlan;
import dev.kiln.plan.ZeroStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln plan}: what training a model on a token count costs; the logic is in kiln-plan. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Plans a pretraining run: parameters, FLOPs, time, memory per GPU, Chinchilla tokens, LR schedule.")
public final class PlanCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "PRESET|CONFIG.json",
      description = "a preset (${COMPLETION-CANDIDATES}) or a Hugging Face config.json or its directory",
      completionCandidates = ModelPresets.class)
  String model;

  @Option(names = "--tokens", required = true, paramLabel = "N|KILN_OUTPUT",
      description = "training tokens (1T, 1.4T, 300B, 20M), or a Kiln output directory or stats.json to read them from")
  String tokens;

  @Option(names = "--gpus", paramLabel = "N", defaultValue = "8", description = "data-parallel GPUs (default: ${DEFAULT-VALUE})")
  int gpus;

  @Option(names = "--gpu", paramLabel = "NAME", defaultValue = "a100-80g", completionCandidates = GpuPresets.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  String gpu;

  @Option(names = "--mfu", paramLabel = "X", defaultValue = "0.4", description = "model FLOPs utilisation (default: ${DEFAULT-VALUE})")
  double mfu;

  @Option(names = "--zero", defaultValue = "0", paramLabel = "0|1|2|3", description = "ZeRO stage (default: none)")
  int zero;

  @Option(names = "--recompute", description = "full activation recomputation")
  boolean recompute;

  @Option(names = "--seq-len", paramLabel = "N", description = "tokens per sequence (default: the model's context)")
  Integer seqLen;

  @Option(names = "--micro-batch", paramLabel = "N", defaultValue = "1", description = "sequences per GPU per step (default: ${DEFAULT-VALUE})")
  int microBatch;

  @Option(names = "--schedule-csv", paramLabel = "FILE", description = "write the learning-rate schedule as step,lr")
  Path scheduleCsv;

  @Option(names = "--batch-tokens", paramLabel = "N",
      description = "tokens per optimizer step (default: gpus x micro-batch x seq-len)")
  String batchTokens;

  @Option(names = "--lr", paramLabel = "LR", defaultValue = "3e-4", description = "peak learning rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "linear warmup steps (default: " + LrSchedule.DEFAULT_WARMUP_STEPS + ", or a tenth of a shorter run)")
  Long warmupSteps;

  @Option(names = "--min-lr-ratio", paramLabel = "R", defaultValue = "0.1", description = "final lr / peak lr (default: ${DEFAULT-VALUE})")
  double minLrRatio;

  @Option(names = "--json", description = "print the plan as JSON")
  boolean json;

  @Override
  public Integer call() throws IOException {
    TrainingPlan plan;
    LrSchedule schedule;
    try {
      ModelSpec spec = ModelSpec.resolve(model);
      plan = new TrainingPlan(spec, HardwareSpec.preset(gpu), gpus, Tokens.resolve(tokens), mfu,
          ZeroStage.of(zero), recompute, seqLen == null ? spec.context() : seqLen, microBatch);
      long batch = batchTokens == null ? plan.globalBatchTokens() : Tokens.parse(batchTokens);
      schedule = warmupSteps == null
          ? LrSchedule.forTokens(plan.tokens(), batch, lr, minLrRatio)
          : LrSchedule.forTokens(plan.tokens(), batch, lr, warmupSteps, minLrRatio);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    System.out.print(json ? PlanReport.json(plan, schedule) : PlanReport.text(plan, schedule));
    if (scheduleCsv != null) {
      try (Writer out = Files.newBufferedWriter(scheduleCsv)) {
        schedule.writeCsv(out);
      }
      System.err.println("wrote " + schedule.totalSteps() + " steps to " + scheduleCsv);
    }
    return 0;
  }

  static final class ModelPresets implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ModelSpec.presetNames().iterator();
    }
  }

  static final class GpuPresets implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return HardwareSpec.presetNames().iterator();
    }
  }
}
