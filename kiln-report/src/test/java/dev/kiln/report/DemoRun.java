package dev.kiln.report;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import dev.kiln.local.LocalEngine;
import dev.kiln.pipeline.PipelineRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run like the demo's (Chinese poetry, the SpamAssassin mail, fortunes) through every kind of
 * stage a report shows: filters with thresholds (one per source), exact and MinHash dedup,
 * tokenize, mix and pack. Built once per test JVM into {@code target/demo-run/out}.
 */
final class DemoRun {
  private static Path out;

  private DemoRun() {}

  static final String RECIPE = """
      seed: 42
      inputs:
        - {path: poems.jsonl, source: tang-poems}
        - {path: mail.jsonl, source: spam-assassin}
        - {path: fortunes.jsonl, source: fortunes}
      stages:
        - length_filter: {min_chars: 20, max_chars: 60000}
        - char_ratio: {max_digit: 0.3, max_symbol: 0.35}
        - gopher_quality:
            min_words: 8
            min_stop_words: 1
            max_mean_word_length: 12
            by: source
            overrides:
              tang-poems: {min_words: 16}
        - gopher_repetition: {}
        - exact_dedup
        - minhash_dedup: {threshold: 0.7}
        - tokenize: {tokenizer: %1$s}
        - mix: {key: source, weights: {tang-poems: 3, spam-assassin: 5, fortunes: 2}, max_epochs: 2}
        - pack: {seq_len: 1024, tokenizer: %1$s}
      output: out
      engine: {shuffle_partitions: 4, memory_mb: 64}
      """;

  /** The run's output directory (run once). */
  static synchronized Path output() throws IOException {
    if (out != null) {
      return out;
    }
    String tokenizer = SharedData.tokenizer("llama3").toString();
    Path dir = Path.of("target", "demo-run").toAbsolutePath();
    Files.createDirectories(dir);
    write(dir.resolve("poems.jsonl"), SharedData.documents("chinese-poetry", 4000));
    write(dir.resolve("mail.jsonl"), SharedData.documents("spam-assassin", 3000));
    write(dir.resolve("fortunes.jsonl"), SharedData.documents("fortunes", 6000));
    String yaml = RECIPE.formatted(tokenizer);
    // -Dkiln.report.reuse=true keeps a finished run of the same recipe (for working on the page).
    if (Boolean.getBoolean("kiln.report.reuse") && Files.exists(dir.resolve("out/stats.json")) && Files.exists(dir.resolve("recipe.yaml"))
        && Files.readString(dir.resolve("recipe.yaml")).equals(yaml)) {
      out = dir.resolve("out");
      return out;
    }
    Files.writeString(dir.resolve("recipe.yaml"), yaml);
    Recipe recipe = new RecipeParser(StageRegistry.load()).parse(dir.resolve("recipe.yaml"));
    PipelineRun.execute(recipe, (work, logs, spec) -> new LocalEngine(new LocalEngine.Options(work, Path.of(logs), 2, (long) spec.memoryMb() << 20)),
        true, e -> {});
    out = dir.resolve("out");
    return out;
  }

  /** JSONL with the corpus's labels (lang, domain), which the reader puts into metadata. */
  private static void write(Path file, List<Document> docs) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Document d : docs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("text", d.text());
        m.put("lang", d.meta("lang"));
        m.put("domain", d.meta("domain"));
        w.write(Json.MAPPER.writeValueAsString(m));
        w.write('\n');
      }
    }
  }
}
