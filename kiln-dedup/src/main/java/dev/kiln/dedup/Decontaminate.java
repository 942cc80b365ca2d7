package dev.kiln.dedup;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds documents that share an n-gram (13 words by default; a CJK character counts as a word)
 * with any document of the evaluation sets, after the same normalization as the other dedup
 * stages. The evaluation sets are the small side of the join: their n-gram hashes are read once
 * when the stage is built and shipped with it (a broadcast join), so the corpus is streamed in one
 * map phase and never shuffled. An evaluation document shorter than n words contributes itself
 * whole as one n-gram.
 *
 * <p>{@code action: drop} drops the document ({@code contaminated}, detail: the sets hit);
 * {@code mark} keeps it with {@code decontaminate.hits} listing the sets. Stats count documents hit
 * per set ({@code hits.NAME}).
 */
@StageInfo(name = "decontaminate", description = "Drops or marks documents sharing any n-gram (13 words) with evaluation sets (JSONL).")
public final class Decontaminate implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public enum Action {
    DROP,
    MARK
  }

  public record Config(
      @Param(value = "evaluation sets: name -> JSONL file (.jsonl or .jsonl.gz)", path = true) Map<String, String> evalSets,
      @Param(value = "fields of an evaluation record whose text is checked (all of them)", defaultValue = "[text]") List<String> fields,
      @Param(value = "words per n-gram", defaultValue = "13") int ngram,
      @Param(value = "drop or mark contaminated documents", defaultValue = "drop") Action action)
      implements java.io.Serializable {}

  private final Config config;
  private final List<String> names;
  /** Sorted n-gram hashes and, for each, a bit per evaluation set holding it. */
  private final long[] grams;
  private final int[] sets;

  public Decontaminate(Config config) {
    checkArgument(!config.evalSets().isEmpty() && config.evalSets().size() <= 31, "eval_sets needs 1 to 31 sets, got " + config.evalSets().size());
    checkArgument(config.ngram() >= 1, "ngram must be >= 1");
    this.config = config;
    this.names = List.copyOf(new TreeMap<>(config.evalSets()).keySet());
    long[][] perSet = new long[names.size()][];
    int total = 0;
    for (int s = 0; s < names.size(); s++) {
      perSet[s] = evalGrams(Path.of(config.evalSets().get(names.get(s))), config.fields(), config.ngram());
      total += perSet[s].length;
    }
    long[] all = new long[total];
    int at = 0;
    for (long[] g : perSet) {
      System.arraycopy(g, 0, all, at, g.length);
      at += g.length;
    }
    Arrays.sort(all);
    grams = Shingles.distinct(all);
    sets = new int[grams.length];
    for (int i = 0; i < grams.length; i++) {
      for (int s = 0; s < perSet.length; s++) {
        if (Arrays.binarySearch(perSet[s], grams[i]) >= 0) {
          sets[i] |= 1 << s;
        }
      }
    }
  }

  /** Distinct n-grams in the evaluation set. */
  public int ngrams() {
    return grams.length;
  }

  private static long[] evalGrams(Path file, List<String> fields, int n) {
    List<long[]> all = new ArrayList<>();
    int total = 0;
    try (InputStream raw = Files.newInputStream(file);
        BufferedReader r = new BufferedReader(new InputStreamReader(
            file.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> rec = Json.MAPPER.readValue(line, Json.MAP);
        for (String f : fields) {
          Object v = rec.get(f);
          if (v != null) {
            long[] g = Shingles.shingle(Shingles.units(v instanceof String s ? s : Json.MAPPER.writeValueAsString(v), Shingles.Mode.WORDS), n);
            all.add(g);
            total += g.length;
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read evaluation set " + file + ": " + e.getMessage(), e);
    }
    long[] out = new long[total];
    int at = 0;
    for (long[] g : all) {
      System.arraycopy(g, 0, out, at, g.length);
      at += g.length;
    }
    Arrays.sort(out);
    return Shingles.distinct(out);
  }

  /** Bit set of the evaluation sets this text shares an n-gram with. */
  int hits(String text) {
    int hit = 0;
    for (long g : Shingles.shingle(Shingles.units(text, Shingles.Mode.WORDS), config.ngram())) {
      int i = Arrays.binarySearch(grams, g);
      if (i >= 0) {
        hit |= sets[i];
      }
    }
    return hit;
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    String stage = ctx.stageName();
    return docs.flatMap((doc, out, tc) -> {
      StageStats s = tc.stats(stage);
      s.in();
      int hit = hits(doc.text());
      if (hit == 0) {
        s.kept();
        out.emit(doc);
        return;
      }
      List<String> hitNames = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if ((hit & (1 << i)) != 0) {
          hitNames.add(names.get(i));
          s.add("hits." + names.get(i), 1);
        }
      }
      if (config.action() == Action.DROP) {
        tc.drop(stage, doc, "contaminated", String.join(",", hitNames));
      } else {
        s.kept();
        out.emit(doc.withMeta("decontaminate.hits", hitNames));
      }
    }, Codecs.DOCUMENT);
  }
}
