package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kiln bench clean}: the per-document cleaning chain (a recipe's per-document stages before its
 * first global stage, language identification excluded: what comes after dedup, such as
 * {@code tokenize}, is not cleaning; or the recommended chain) over a file's documents on one thread,
 * against the raw read limit of the same file (decompress + JSON parse, one thread). Documents are
 * parsed once up front, so the chain's own time is measured; MB are the file's uncompressed bytes.
 * Each side takes the best of its rounds after untimed warm-up rounds.
 */
public final class CleanBench {
  /** The recommended chain (kiln-clean/README.md), used when no recipe is given. */
  public static final String DEFAULT_STAGES = """
        - length_filter: {min_chars: 10}
        - char_ratio
        - url_ratio
        - char_repetition
        - keyword_filter
        - toxic_filter
        - gopher_repetition
        - gopher_quality
      """;

  /**
   * A JSONL file (.jsonl, .gz, .zst) with a text field; the recipe whose per-document stages to
   * time (null: {@link #DEFAULT_STAGES}); untimed rounds per side, then measured ones; whether to
   * also time each stage alone over all documents.
   */
  public record Options(Path input, Path recipe, int warmups, int rounds, boolean perStage) {}

  private CleanBench() {}

  /**
   * Prints the figures and, last, the JSON summary, which it returns.
   *
   * @throws EmptyInputException when the input has no document with a text field
   */
  public static Map<String, Object> run(Options o, PrintStream out) throws Exception {
    Path input = o.input();
    int warmups = o.warmups();
    int rounds = o.rounds();
    List<Map.Entry<String, DocumentStage>> chain = chain(o);
    List<Document> docs = new ArrayList<>();
    long bytes = RawReadLimit.pass(input, n -> {
      JsonNode text = n.get("text");
      if (text != null && text.isTextual()) {
        Map<String, Object> meta = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
          if (!e.getKey().equals("text") && !e.getKey().equals("id")) {
            meta.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
          }
        });
        docs.add(Document.of(n.path("id").asText(String.valueOf(docs.size())), text.asText(), meta));
      }
    });
    if (docs.isEmpty()) {
      throw new EmptyInputException(input);
    }
    double raw = 0;
    double clean = 0;
    double rawCpu = 0;
    double cleanCpu = 0;
    Tally tally = null;
    for (int r = 1 - warmups; r <= rounds; r++) {
      // Rounds up to 0 warm up both sides and are not counted.
      double[] rawTime = Timing.wallAndCpu(() -> RawReadLimit.pass(input));
      Tally t = new Tally(chain);
      double[] cleanTime = Timing.wallAndCpu(() -> pass(chain, docs, t));
      tally = t;
      if (r > 0) {
        raw = Math.max(raw, bytes / 1e6 / rawTime[0]);
        clean = Math.max(clean, bytes / 1e6 / cleanTime[0]);
        rawCpu = Math.max(rawCpu, bytes / 1e6 / rawTime[1]);
        cleanCpu = Math.max(cleanCpu, bytes / 1e6 / cleanTime[1]);
      }
    }
    out.printf(Locale.ROOT, "input: %s (%.1f MB uncompressed, %d documents with text)%n", input, bytes / 1e6, docs.size());
    out.printf(Locale.ROOT, "chain: %s%n", String.join(" -> ", chain.stream().map(Map.Entry::getKey).toList()));
    out.printf(Locale.ROOT, "raw limit (decompress + JSON parse, 1 thread): %.1f MB/s%n", raw);
    out.printf(Locale.ROOT, "cleaning chain (1 thread): %.1f MB/s per core (%.2fx the raw limit)%n", clean, clean / raw);
    out.printf(Locale.ROOT, "by thread CPU time: raw limit %.1f MB/s, cleaning chain %.1f MB/s per core%n", rawCpu, cleanCpu);
    for (Map.Entry<String, DocumentStage> s : chain) {
      int[] c = tally.counts.get(s.getKey());
      out.printf(Locale.ROOT, "  %-22s in %8d  kept %8d (%5.1f%%)%s%n", s.getKey(), c[0], c[1], c[0] == 0 ? 0 : 100.0 * c[1] / c[0],
          c[2] > 0 ? "  quarantined " + c[2] : "");
    }
    tally.reasons.forEach((k, v) -> out.printf(Locale.ROOT, "    dropped %-40s %8d%n", k, v));
    if (o.perStage()) {
      for (Map.Entry<String, DocumentStage> s : chain) {
        List<Map.Entry<String, DocumentStage>> one = List.of(s);
        double best = 0;
        double bestCpu = 0;
        for (int r = 1 - warmups; r <= rounds; r++) {
          double[] time = Timing.wallAndCpu(() -> pass(one, docs, new Tally(one)));
          if (r > 0) {
            best = Math.max(best, bytes / 1e6 / time[0]);
            bestCpu = Math.max(bestCpu, bytes / 1e6 / time[1]);
          }
        }
        out.printf(Locale.ROOT, "  alone: %-22s %8.1f MB/s (by CPU time %.1f)%n", s.getKey(), best, bestCpu);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("raw_mb_s", Timing.round(raw));
    result.put("clean_mb_s", Timing.round(clean));
    result.put("ratio", Timing.round(clean / raw));
    result.put("raw_cpu_mb_s", Timing.round(rawCpu));
    result.put("clean_cpu_mb_s", Timing.round(cleanCpu));
    result.put("threads", 1);
    result.put("docs", docs.size());
    result.put("kept", tally.kept);
    out.println(Json.MAPPER.writeValueAsString(result));
    return result;
  }

  private static List<Map.Entry<String, DocumentStage>> chain(Options o) throws Exception {
    StageRegistry registry = StageRegistry.load();
    Recipe r;
    if (o.recipe() != null) {
      r = new RecipeParser(registry).parse(o.recipe());
    } else {
      String yaml = "inputs: [" + Json.MAPPER.writeValueAsString(o.input().toAbsolutePath().toString()) + "]\n"
          + "output: /nonexistent\nstages:\n" + DEFAULT_STAGES;
      r = new RecipeParser(registry).parse(yaml, Path.of("."));
    }
    List<Map.Entry<String, DocumentStage>> out = new ArrayList<>();
    for (Recipe.NamedStage s : r.stages()) {
      if (!(s.stage() instanceof DocumentStage d)) {
        break;
      }
      if (!s.stage().name().contains("lang")) {
        out.add(Map.entry(s.accountName(), d));
      }
    }
    return out;
  }

  /** Per-stage in/kept/quarantined counts and drop reasons of one pass. */
  private static final class Tally {
    final Map<String, int[]> counts = new LinkedHashMap<>();
    final Map<String, Integer> reasons = new TreeMap<>();
    int kept;

    Tally(List<Map.Entry<String, DocumentStage>> chain) {
      chain.forEach(s -> counts.put(s.getKey(), new int[3]));
    }
  }

  private static Object pass(List<Map.Entry<String, DocumentStage>> chain, List<Document> docs, Tally t) {
    int n = chain.size();
    String[] names = new String[n];
    DocumentStage[] stages = new DocumentStage[n];
    int[][] counts = new int[n][];
    for (int i = 0; i < n; i++) {
      names[i] = chain.get(i).getKey();
      stages[i] = chain.get(i).getValue();
      counts[i] = t.counts.get(names[i]);
    }
    for (Document d : docs) {
      Document cur = d;
      for (int i = 0; i < n && cur != null; i++) {
        counts[i][0]++;
        try {
          Outcome o = stages[i].apply(cur);
          if (o.kept()) {
            counts[i][1]++;
            cur = o.doc();
          } else {
            t.reasons.merge(names[i] + ": " + o.dropReason(), 1, Integer::sum);
            cur = null;
          }
        } catch (Exception e) {
          counts[i][2]++;
          cur = null;
        }
      }
      if (cur != null) {
        t.kept++;
      }
    }
    return t;
  }
}
