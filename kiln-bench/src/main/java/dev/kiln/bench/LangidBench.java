package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.clean.langid.LanguageIdentifier;
import dev.kiln.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kiln bench langid}: language identification (the {@code lang_id} stage's identifier) over a
 * file's texts on one thread, against the raw read limit of the same file (decompress + JSON parse,
 * one thread), in the style of the other benches: MB are the file's uncompressed bytes, texts are
 * parsed once up front, each side takes the best of its rounds after a warm-up. Model loading is
 * timed apart.
 */
public final class LangidBench {
  /**
   * A JSONL file (.jsonl, .gz, .zst) with a text field; ISO 639-1 codes to tell apart (empty: all
   * 75); the engine (fast or lingua); the sample size of long documents; measured rounds per side.
   */
  public record Options(Path input, List<String> languages, String engine, int maxChars, int rounds) {}

  private LangidBench() {}

  /**
   * Prints the figures and, last, the JSON summary, which it returns.
   *
   * @throws EmptyInputException when the input has no document with a text field
   */
  public static Map<String, Object> run(Options o, PrintStream out) throws Exception {
    Path input = o.input();
    List<String> languages = o.languages();
    String engine = o.engine();
    List<String> texts = new ArrayList<>();
    long bytes = RawReadLimit.pass(input, n -> {
      JsonNode t = n.get("text");
      if (t != null && t.isTextual()) {
        texts.add(t.asText());
      }
    });
    if (texts.isEmpty()) {
      throw new EmptyInputException(input);
    }
    long start = System.nanoTime();
    LanguageIdentifier id = new LanguageIdentifier(languages, LanguageIdentifier.Engine.valueOf(engine.toUpperCase(Locale.ROOT)), false, o.maxChars(), true);
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    double raw = 0;
    double lid = 0;
    Map<String, Integer> labels = new TreeMap<>();
    for (int r = 0; r <= o.rounds(); r++) {
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
    out.printf(Locale.ROOT, "input: %s (%.1f MB uncompressed, %d texts)%n", input, bytes / 1e6, texts.size());
    out.printf(Locale.ROOT, "models: %s, %s languages, loaded in %.1f s%n", engine, languages.isEmpty() ? "all" : String.join(",", languages),
        loadSeconds);
    out.printf(Locale.ROOT, "raw limit (decompress + JSON parse, 1 thread): %.1f MB/s%n", raw);
    out.printf(Locale.ROOT, "language id (1 thread): %.1f MB/s per core (%.2fx the raw limit)%n", lid, lid / raw);
    List<Map.Entry<String, Integer>> top = new ArrayList<>(labels.entrySet());
    top.sort((a, b) -> b.getValue() - a.getValue());
    out.println("labels: " + Arrays.toString(top.stream().limit(8).map(e -> e.getKey() + "=" + e.getValue()).toArray()));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("raw_mb_s", Timing.round(raw));
    result.put("langid_mb_s", Timing.round(lid));
    result.put("ratio", Timing.round(lid / raw));
    result.put("threads", 1);
    result.put("load_s", Timing.round(loadSeconds));
    out.println(Json.MAPPER.writeValueAsString(result));
    return result;
  }
}
