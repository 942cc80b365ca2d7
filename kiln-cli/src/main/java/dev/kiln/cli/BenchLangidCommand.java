package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.clean.langid.LanguageIdentifier;
import dev.kiln.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench langid}: language identification (the {@code lang_id} stage's identifier) over a
 * file's texts on one thread, against the raw read limit of the same file (decompress + JSON parse,
 * one thread), in the style of the other benches: MB are the file's uncompressed bytes, texts are
 * parsed once up front, each side takes the best of its rounds after a warm-up. Model loading is
 * timed apart.
 */
@Command(name = "langid", mixinStandardHelpOptions = true, description = "Language identification (one thread) against the raw decompress+parse limit.")
public final class BenchLangidCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "a JSONL file (.jsonl, .gz, .zst) with a text field")
  Path input;

  @Option(names = "--languages", split = ",", description = "ISO 639-1 codes to tell apart (default: all 75)")
  List<String> languages = new ArrayList<>();

  @Option(names = "--engine", defaultValue = "fast", description = "fast or lingua (default: ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--max-chars", defaultValue = "1500", description = "sample size for long documents (default: ${DEFAULT-VALUE})")
  int maxChars;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds per side (default: ${DEFAULT-VALUE})")
  int rounds;

  @Override
  public Integer call() throws Exception {
    List<String> texts = new ArrayList<>();
    long bytes = RawReadLimit.pass(input, n -> {
      JsonNode t = n.get("text");
      if (t != null && t.isTextual()) {
        texts.add(t.asText());
      }
    });
    if (texts.isEmpty()) {
      System.err.println("no documents with a text field in " + input);
      return 2;
    }
    long start = System.nanoTime();
    LanguageIdentifier id = new LanguageIdentifier(languages, LanguageIdentifier.Engine.valueOf(engine.toUpperCase(Locale.ROOT)), false, maxChars, true);
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    double raw = 0;
    double lid = 0;
    Map<String, Integer> labels = new TreeMap<>();
    for (int r = 0; r <= rounds; r++) {
      // Round 0 warms up both sides and is not counted.
      long t0 = System.nanoTime();
      RawReadLimit.pass(input);
      double rawMbs = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
      Map<String, Integer> counts = new TreeMap<>();
      t0 = System.nanoTime();
      for (String t : texts) {
        counts.merge(id.identify(t).label(), 1, Integer::sum);
      }
      double lidMbs = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
      labels = counts;
      if (r > 0) {
        raw = Math.max(raw, rawMbs);
        lid = Math.max(lid, lidMbs);
      }
    }
    System.out.printf(Locale.ROOT, "input: %s (%.1f MB uncompressed, %d texts)%n", input, bytes / 1e6, texts.size());
    System.out.printf(Locale.ROOT, "models: %s, %s languages, loaded in %.1f s%n", engine, languages.isEmpty() ? "all" : String.join(",", languages),
        loadSeconds);
    System.out.printf(Locale.ROOT, "raw limit (decompress + JSON parse, 1 thread): %.1f MB/s%n", raw);
    System.out.printf(Locale.ROOT, "language id (1 thread): %.1f MB/s per core (%.2fx the raw limit)%n", lid, lid / raw);
    List<Map.Entry<String, Integer>> top = new ArrayList<>(labels.entrySet());
    top.sort((a, b) -> b.getValue() - a.getValue());
    System.out.println("labels: " + Arrays.toString(top.stream().limit(8).map(e -> e.getKey() + "=" + e.getValue()).toArray()));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("raw_mb_s", Timing.round(raw));
    result.put("langid_mb_s", Timing.round(lid));
    result.put("ratio", Timing.round(lid / raw));
    result.put("threads", 1);
    result.put("load_s", Timing.round(loadSeconds));
    System.out.println(Json.MAPPER.writeValueAsString(result));
    return 0;
  }
}
