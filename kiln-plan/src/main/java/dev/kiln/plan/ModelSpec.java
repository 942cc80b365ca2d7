package dev.kiln.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a dense decoder-only transformer, as far as cost estimates need it.
 *
 * <p>Sizes are counts (layers, heads) or widths in elements (hidden, headDim, intermediate).
 * {@code context} is the training sequence length the model was built for; it sets the default
 * sequence length of a plan and, for GPT-style models, the size of the learned position table.
 */
public record ModelSpec(
    String name,
    Architecture architecture,
    int layers,
    int hidden,
    int heads,
    int kvHeads,
    int headDim,
    int intermediate,
    int vocab,
    boolean tiedEmbeddings,
    int context) {

  /** How the blocks are built; it decides which weights and biases exist. */
  public enum Architecture {
    /** RMSNorm, rotary positions, SwiGLU MLP (three matrices), no biases: LLaMA, Mistral, Qwen. */
    LLAMA,
    /** LayerNorm with bias, learned positions, GELU MLP (two matrices), biases everywhere: GPT-2/3. */
    GPT
  }

  public ModelSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    if (architecture == null) {
      throw new IllegalArgumentException("architecture must not be null");
    }
    requirePositive("layers", layers);
    requirePositive("hidden", hidden);
    requirePositive("heads", heads);
    requirePositive("kvHeads", kvHeads);
    requirePositive("headDim", headDim);
    requirePositive("intermediate", intermediate);
    requirePositive("vocab", vocab);
    requirePositive("context", context);
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
    }
  }

  /** All trainable parameters, embeddings and output head included. */
  public long parameters() {
    return layers * parametersPerLayer() + embeddingParameters() + finalNormParameters();
  }

  /**
   * Parameters outside the token embedding, the output head and the position table: the
   * convention of Kaplan et al. and of Qwen's model cards.
   */
  public long nonEmbeddingParameters() {
    return parameters() - embeddingParameters();
  }

  /** Token embedding, plus the output head when untied, plus learned positions for GPT. */
  public long embeddingParameters() {
    long table = (long) vocab * hidden;
    long positions = architecture == Architecture.GPT ? (long) context * hidden : 0;
    return (tiedEmbeddings ? table : 2 * table) + positions;
  }

  private long parametersPerLayer() {
    long d = hidden;
    long q = (long) heads * headDim; // equals d unless the config sets head_dim explicitly
    long kv = (long) kvHeads * headDim;
    long ff = intermediate;
    long attention = 2 * d * q + 2 * d * kv; // Q and O, then K and V (smaller under GQA)
    return switch (architecture) {
      case LLAMA -> attention + 3 * d * ff + 2 * d; // gate, up, down; two RMSNorm weights
      case GPT -> attention + (q + 2 * kv + d) + 2 * d * ff + ff + d + 4 * d; // biases; 2 LayerNorms
    };
  }

  private long finalNormParameters() {
    return architecture == Architecture.LLAMA ? hidden : 2L * hidden;
  }

  /** Built-in models by name; see {@link #presetNames()}. */
  public static ModelSpec preset(String name) {
    ModelSpec spec = PRESETS.get(name.toLowerCase(Locale.ROOT));
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown model preset '" + name + "'; known: " + String.join(", ", presetNames()));
    }
    return spec;
  }

  public static Set<String> presetNames() {
    return PRESETS.keySet();
  }

  /**
   * A preset name, or a path to a Hugging Face {@code config.json} or to the directory holding
   * one.
   */
  public static ModelSpec resolve(String presetOrPath) {
    if (PRESETS.containsKey(presetOrPath.toLowerCase(Locale.ROOT))) {
      return preset(presetOrPath);
    }
    Path path = Path.of(presetOrPath);
    if (Files.isDirectory(path)) {
      path = path.resolve("config.json");
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "'" + presetOrPath + "' is neither a model preset ("
              + String.join(", ", presetNames()) + ") nor a config.json file");
    }
    return fromConfig(path);
  }

  /**
   * Reads a Hugging Face {@code config.json} of a LLaMA-style model (llama, mistral, qwen2,
   * qwen3 ...). Required: hidden_size, intermediate_size, num_hidden_layers,
   * num_attention_heads, vocab_size, max_position_embeddings. Optional, with the defaults
   * transformers uses for these models: num_key_value_heads (= num_attention_heads),
   * head_dim (= hidden_size / num_attention_heads), tie_word_embeddings (false). Attention
   * biases (qwen2) and q/k norms (qwen3) are left out: under 0.01% of the parameters.
   */
  public static ModelSpec fromConfig(Path configJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(configJson.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model config " + configJson, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(configJson + " is not a JSON object");
    }
    // Counting an MoE model as dense would be silently wrong by a large factor.
    for (String moe : new String[] {"num_local_experts", "num_experts", "n_routed_experts"}) {
      if (root.path(moe).asInt(0) > 1) {
        throw new IllegalArgumentException(
            configJson + ": mixture-of-experts models (" + moe + ") are not supported");
      }
    }
    int hidden = requiredInt(root, "hidden_size", configJson);
    int heads = requiredInt(root, "num_attention_heads", configJson);
    Path parent = configJson.toAbsolutePath().getParent();
    String name = parent == null ? configJson.toString() : parent.getFileName().toString();
    return new ModelSpec(
        name,
        Architecture.LLAMA,
        requiredInt(root, "num_hidden_layers", configJson),
        hidden,
        heads,
        optionalInt(root, "num_key_value_heads", heads, configJson),
        optionalInt(root, "head_dim", hidden / heads, configJson),
        requiredInt(root, "intermediate_size", configJson),
        requiredInt(root, "vocab_size", configJson),
        root.path("tie_word_embeddings").asBoolean(false),
        requiredInt(root, "max_position_embeddings", configJson));
  }

  private static int requiredInt(JsonNode root, String field, Path source) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(
          source + " lacks " + field + " (only LLaMA-style Hugging Face configs are supported)");
    }
    return intValue(node, field, source);
  }

  private static int optionalInt(JsonNode root, String field, int fallback, Path source) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? fallback : intValue(node, field, source);
  }

  private static int intValue(JsonNode node, String field, Path source) {
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException(source + ": " + field + " must be an integer, got " + node);
    }
    return node.intValue();
  }

  private static void requirePositive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }

  private static ModelSpec llama(
      String name, int layers, int hidden, int heads, int kvHeads, int ff, int vocab, int context) {
    return new ModelSpec(
        name, Architecture.LLAMA, layers, hidden, heads, kvHeads, hidden / heads, ff, vocab, false,
        context);
  }

  // Shapes from the models' published config.json files (GPT-3: Brown et al. 2020, table 2.1).
  // Qwen3-8B's context is its native 32K, not the 40960 in its config.json.
  private static final Map<String, ModelSpec> PRESETS =
      index(
          llama("llama-7b", 32, 4096, 32, 32, 11008, 32000, 2048),
          llama("llama-13b", 40, 5120, 40, 40, 13824, 32000, 2048),
          llama("llama-30b", 60, 6656, 52, 52, 17920, 32000, 2048),
          llama("llama-65b", 80, 8192, 64, 64, 22016, 32000, 2048),
          llama("llama2-7b", 32, 4096, 32, 32, 11008, 32000, 4096),
          llama("llama2-13b", 40, 5120, 40, 40, 13824, 32000, 4096),
          llama("llama2-70b", 80, 8192, 64, 8, 28672, 32000, 4096),
          llama("llama3-8b", 32, 4096, 32, 8, 14336, 128256, 8192),
          llama("llama3-70b", 80, 8192, 64, 8, 28672, 128256, 8192),
          llama("qwen3-8b", 36, 4096, 32, 8, 12288, 151936, 32768),
          new ModelSpec(
              "gpt3-175b", Architecture.GPT, 96, 12288, 96, 96, 128, 4 * 12288, 50257, true, 2048));

  private static Map<String, ModelSpec> index(ModelSpec... specs) {
    Map<String, ModelSpec> byName = new LinkedHashMap<>();
    for (ModelSpec spec : specs) {
      byName.put(spec.name(), spec);
    }
    return Collections.unmodifiableMap(byName);
  }
}
