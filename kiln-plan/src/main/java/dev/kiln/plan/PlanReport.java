package dev.kiln.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Renders a plan and its learning-rate schedule for people (text) and for programs (JSON). */
public final class PlanReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanReport() {}

  public static String text(TrainingPlan plan, LrSchedule schedule) {
    ModelSpec m = plan.model();
    MemoryEstimate mem = plan.memoryPerGpu();
    StringBuilder out = new StringBuilder();
    line(out, "%s on %s tokens, %d x %s at MFU %.2f",
        m.name(), count(plan.tokens()), plan.gpus(), plan.gpu().name(), plan.mfu());
    out.append('\n');
    line(out, "Model       %s: %d layers, hidden %d, %d heads (%d KV) of %d, MLP %d, vocab %d,"
            + " %s embeddings, context %d",
        m.architecture() == ModelSpec.Architecture.LLAMA ? "LLaMA-style" : "GPT-style",
        m.layers(), m.hidden(), m.heads(), m.kvHeads(), m.headDim(), m.intermediate(), m.vocab(),
        m.tiedEmbeddings() ? "tied" : "untied", m.context());
    line(out, "Parameters  %s (%s without embeddings)",
        count(plan.parameters()), count(m.nonEmbeddingParameters()));
    line(out, "Tokens      %s, %.1f per parameter; Chinchilla-optimal (%d per parameter): %s",
        count(plan.tokens()), plan.tokensPerParameter(),
        TrainingPlan.CHINCHILLA_TOKENS_PER_PARAMETER, count(plan.chinchillaTokens()));
    line(out, "Compute     6ND = %s FLOPs; executed %s (%s, HFU %.2f)",
        flops(plan.modelFlops()), flops(plan.trainingFlops()),
        plan.recompute() ? "8ND with full recomputation" : "no recomputation", plan.hfu());
    line(out, "Time        %s = %s GPU-hours; %s tokens/s per GPU, %s tokens/s in all",
        duration(plan.trainingSeconds()), count(plan.gpuHours()),
        count(plan.tokensPerSecondPerGpu()),
        count(plan.tokensPerSecondPerGpu() * plan.gpus()));
    line(out, "Memory      per GPU: %s over %d GPUs, micro-batch %d x %d tokens, %s",
        plan.zero() == ZeroStage.NONE ? "no ZeRO" : "ZeRO-" + plan.zero().number(),
        plan.gpus(), plan.microBatch(), plan.seqLen(),
        plan.recompute() ? "full recomputation" : "no recomputation");
    line(out, "  weights      %s", gib(mem.weightBytes()));
    line(out, "  gradients    %s", gib(mem.gradientBytes()));
    line(out, "  optimizer    %s", gib(mem.optimizerBytes()));
    line(out, "  activations  %s (%s of it attention scores, which FlashAttention avoids)",
        gib(mem.activationBytes()), gib(plan.attentionScoreBytes()).trim());
    line(out, "  total        %s of %s: %s",
        gib(mem.totalBytes()), gib(plan.gpu().memoryBytes()).trim(),
        plan.fitsInMemory()
            ? "fits"
            : "does not fit (tensor and pipeline parallelism are not modelled)");
    line(out, "Schedule    %,d steps of %,d tokens: linear warmup over %,d steps to lr %.2e,"
            + " cosine decay to %.2e",
        schedule.totalSteps(), schedule.batchTokens(), schedule.warmupSteps(),
        schedule.peakLr(), schedule.minLr());
    return out.toString();
  }

  public static String json(TrainingPlan plan, LrSchedule schedule) {
    ModelSpec m = plan.model();
    MemoryEstimate mem = plan.memoryPerGpu();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode model = root.putObject("model");
    model.put("name", m.name());
    model.put("architecture", m.architecture().name().toLowerCase(Locale.ROOT));
    model.put("layers", m.layers());
    model.put("hidden_size", m.hidden());
    model.put("attention_heads", m.heads());
    model.put("kv_heads", m.kvHeads());
    model.put("head_dim", m.headDim());
    model.put("intermediate_size", m.intermediate());
    model.put("vocab_size", m.vocab());
    model.put("tied_embeddings", m.tiedEmbeddings());
    model.put("context", m.context());
    root.put("parameters", plan.parameters());
    root.put("non_embedding_parameters", m.nonEmbeddingParameters());
    root.put("tokens", plan.tokens());
    root.put("tokens_per_parameter", plan.tokensPerParameter());
    root.put("chinchilla_tokens", plan.chinchillaTokens());
    ObjectNode gpu = root.putObject("gpu");
    gpu.put("name", plan.gpu().name());
    gpu.put("count", plan.gpus());
    gpu.put("peak_flops", plan.gpu().peakFlops());
    gpu.put("memory_bytes", plan.gpu().memoryBytes());
    root.put("mfu", plan.mfu());
    root.put("hfu", plan.hfu());
    root.put("recompute", plan.recompute());
    root.put("model_flops", plan.modelFlops());
    root.put("training_flops", plan.trainingFlops());
    root.put("training_seconds", plan.trainingSeconds());
    root.put("training_days", plan.trainingDays());
    root.put("gpu_hours", plan.gpuHours());
    root.put("tokens_per_second_per_gpu", plan.tokensPerSecondPerGpu());
    ObjectNode memory = root.putObject("memory_per_gpu");
    memory.put("zero_stage", plan.zero().number());
    memory.put("seq_len", plan.seqLen());
    memory.put("micro_batch", plan.microBatch());
    memory.put("weight_bytes", mem.weightBytes());
    memory.put("gradient_bytes", mem.gradientBytes());
    memory.put("optimizer_bytes", mem.optimizerBytes());
    memory.put("activation_bytes", mem.activationBytes());
    memory.put("attention_score_bytes", plan.attentionScoreBytes());
    memory.put("total_bytes", mem.totalBytes());
    memory.put("fits", plan.fitsInMemory());
    ObjectNode lr = root.putObject("schedule");
    lr.put("batch_tokens", schedule.batchTokens());
    lr.put("total_steps", schedule.totalSteps());
    lr.put("warmup_steps", schedule.warmupSteps());
    lr.put("peak_lr", schedule.peakLr());
    lr.put("min_lr", schedule.minLr());
    lr.put("min_lr_ratio", schedule.minLrRatio());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  /** Four significant digits with a decimal suffix: 65.29B, 1.400T, 380.2. */
  static String count(double value) {
    String[] suffixes = {"", "K", "M", "B", "T"};
    int i = 0;
    while (Math.abs(value) >= 1000 && i < suffixes.length - 1) {
      value /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.4g", value) + suffixes[i];
  }

  private static String duration(double seconds) {
    return seconds < TrainingPlan.SECONDS_PER_DAY
        ? String.format(Locale.ROOT, "%.1f hours", seconds / 3600)
        : String.format(Locale.ROOT, "%.1f days", seconds / TrainingPlan.SECONDS_PER_DAY);
  }

  private static String flops(double value) {
    return String.format(Locale.ROOT, "%.3e", value);
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%8.1f GiB", (double) bytes / HardwareSpec.GIB);
  }
}
