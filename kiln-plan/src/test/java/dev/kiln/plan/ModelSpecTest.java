package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {

  // Parameter counts of the released checkpoints (shared/notes/anchors.md, "Cost formulas").
  @Test
  void llamaParameterCountsMatchTheCheckpoints() {
    Published.within(6.738e9, ModelSpec.preset("llama-7b").parameters(), 0.005, "LLaMA-7B");
    Published.within(13.016e9, ModelSpec.preset("llama-13b").parameters(), 0.005, "LLaMA-13B");
    Published.within(65.29e9, ModelSpec.preset("llama-65b").parameters(), 0.005, "LLaMA-65B");
  }

  @Test
  void llama30bMatchesTheLlamaPaper() {
    // Touvron et al. 2023, table 2: 32.5B.
    Published.roundsTo(32.5e9, 0.1e9, ModelSpec.preset("llama-30b").parameters(), "LLaMA-33B");
  }

  @Test
  void groupedQueryAttentionModelsMatchTheirModelPages() {
    // Hugging Face model pages: Llama-2-70b-hf "69B", Meta-Llama-3-8B "8.03B".
    Published.roundsTo(69e9, 1e9, ModelSpec.preset("llama2-70b").parameters(), "Llama-2-70B");
    Published.within(8.03e9, ModelSpec.preset("llama3-8b").parameters(), 0.005, "Llama-3-8B");
  }

  @Test
  void qwen3EmbeddingSplitMatchesItsModelCard() {
    // Qwen3-8B model card: 8.2B parameters, 6.95B non-embedding (untied head counts as embedding).
    ModelSpec qwen = ModelSpec.preset("qwen3-8b");
    Published.roundsTo(8.2e9, 0.1e9, qwen.parameters(), "Qwen3-8B");
    Published.roundsTo(6.95e9, 0.01e9, qwen.nonEmbeddingParameters(), "Qwen3-8B non-embedding");
  }

  @Test
  void gpt3CountsLearnedPositionsAndBiases() {
    // Brown et al. 2020: 175B.
    Published.within(175e9, ModelSpec.preset("gpt3-175b").parameters(), 0.005, "GPT-3 175B");
  }

  @Test
  void readsLlama2Config() throws Exception {
    ModelSpec spec = ModelSpec.fromConfig(config("Llama-2-7b-hf"));
    assertEquals("Llama-2-7b-hf", spec.name());
    assertEquals(32, spec.layers());
    assertEquals(4096, spec.hidden());
    assertEquals(32, spec.heads());
    assertEquals(32, spec.kvHeads());
    assertEquals(128, spec.headDim());
    assertEquals(11008, spec.intermediate());
    assertEquals(32000, spec.vocab());
    assertFalse(spec.tiedEmbeddings());
    assertEquals(4096, spec.context());
    Published.within(6.738e9, spec.parameters(), 0.005, "Llama-2-7B from config.json");
  }

  @Test
  void readsGroupedQueryAttentionFromConfig() throws Exception {
    ModelSpec spec = ModelSpec.fromConfig(config("Meta-Llama-3-8B"));
    assertEquals(8, spec.kvHeads());
    Published.within(8.03e9, spec.parameters(), 0.005, "Llama-3-8B from config.json");
  }

  @Test
  void readsTiedEmbeddingsFromConfig() throws Exception {
    // Qwen2.5-0.5B model card: 0.49B parameters, 0.36B non-embedding, tied embeddings.
    ModelSpec spec = ModelSpec.fromConfig(config("Qwen2.5-0.5B"));
    assertTrue(spec.tiedEmbeddings());
    Published.roundsTo(0.49e9, 0.01e9, spec.parameters(), "Qwen2.5-0.5B");
    Published.roundsTo(0.36e9, 0.01e9, spec.nonEmbeddingParameters(), "Qwen2.5-0.5B non-embedding");
  }

  @Test
  void resolvesPresetsDirectoriesAndFiles() throws Exception {
    assertEquals(ModelSpec.preset("llama-7b"), ModelSpec.resolve("LLaMA-7B"));
    Path file = config("Meta-Llama-3-8B");
    assertEquals(ModelSpec.fromConfig(file), ModelSpec.resolve(file.getParent().toString()));
    assertEquals(ModelSpec.fromConfig(file), ModelSpec.resolve(file.toString()));
  }

  @Test
  void explainsWhatItCannotRead(@TempDir Path dir) throws IOException {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.resolve("llama-9b"));
    assertTrue(unknown.getMessage().contains("llama-7b"), unknown.getMessage());

    Path gpt2 = Files.writeString(dir.resolve("config.json"), "{\"n_embd\": 768, \"n_layer\": 12}");
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromConfig(gpt2));
    assertTrue(missing.getMessage().contains("hidden_size"), missing.getMessage());

    Path mixtral =
        Files.writeString(
            dir.resolve("moe.json"), "{\"hidden_size\": 4096, \"num_local_experts\": 8}");
    IllegalArgumentException moe =
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromConfig(mixtral));
    assertTrue(moe.getMessage().contains("mixture-of-experts"), moe.getMessage());
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ModelSpec("x", ModelSpec.Architecture.LLAMA, 2, 64, 6, 4, 16, 128, 100, false, 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ModelSpec("x", ModelSpec.Architecture.LLAMA, 0, 64, 4, 4, 16, 128, 100, false, 8));
  }

  private Path config(String model) throws URISyntaxException {
    return Path.of(getClass().getResource("/configs/" + model + "/config.json").toURI());
  }
}
