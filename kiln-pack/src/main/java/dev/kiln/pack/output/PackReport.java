package dev.kiln.pack.output;

import dev.kiln.core.util.Json;
import dev.kiln.pack.stages.Pack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * After every partition is packed: {@code DIR/pack.json} (settings, totals and rates per dataset,
 * every shard with its sha256) and, for split datasets, {@code DIR/data-path.txt}, the weighted
 * prefix list Megatron's {@code --data-path} takes, so the blend can change between training stages
 * without packing again.
 */
public final class PackReport {
  public static final String FILE = "pack.json";
  public static final String DATA_PATH = "data-path.txt";

  private PackReport() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> write(Path dir, Pack.Config config, PackJob job, int partitions) throws IOException {
    Files.createDirectories(dir);
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      Path f = PackJob.summaryPath(dir, p);
      if (!Files.exists(f)) {
        throw new IllegalStateException("partition " + p + " was not packed: " + f + " is missing");
      }
      parts.add(Json.MAPPER.readValue(f.toFile(), Json.MAP));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
    r.put("seq_len", config.seqLen());
    r.put("dtype", job.dtype().name().toLowerCase(Locale.ROOT));
    r.put("pad_id", job.padId());
    r.put("tokenizer", config.tokenizer().isEmpty() ? "" : Path.of(config.tokenizer()).toAbsolutePath().normalize().toString());
    r.put("document_mask", config.documentMask());
    r.put("shuffle", config.shuffle());
    r.put("partitions", partitions);
    List<Map<String, Object>> mains = new ArrayList<>();
    TreeMap<String, List<Map<String, Object>>> splits = new TreeMap<>();
    for (Map<String, Object> p : parts) {
      mains.add((Map<String, Object>) p.get("main"));
      Map<String, Object> s = (Map<String, Object>) p.getOrDefault("splits", Map.of());
      s.forEach((k, v) -> splits.computeIfAbsent(k, x -> new ArrayList<>()).add((Map<String, Object>) v));
    }
    r.put("main", totals(mains));
    if (!splits.isEmpty()) {
      Map<String, Object> sp = new LinkedHashMap<>();
      splits.forEach((k, v) -> sp.put(k, totals(v)));
      r.put("split_by", config.splitBy());
      r.put("splits", sp);
      String dataPath = dataPath(dir, splits, config.weights());
      r.put("data_path", dataPath);
      Files.writeString(dir.resolve(DATA_PATH), dataPath + "\n", StandardCharsets.UTF_8);
    }
    Path tmp = dir.resolve(FILE + ".tmp");
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), r);
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
    return r;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> totals(List<Map<String, Object>> shards) {
    long documents = 0;
    long truncated = 0;
    long sequences = 0;
    long tokens = 0;
    long padding = 0;
    long dropped = 0;
    long seqLen = 0;
    long refDocs = 0;
    long refTruncated = 0;
    long refSequences = 0;
    long refPadding = 0;
    long icDocs = 0;
    long icDuplicates = 0;
    double icAdjacent = 0;
    double icRandom = 0;
    double icSeconds = 0;
    List<Map<String, Object>> list = new ArrayList<>();
    String value = null;
    for (Map<String, Object> s : shards) {
      value = (String) s.getOrDefault("value", value);
      sequences += num(s.get("sequences"));
      tokens += num(s.get("tokens"));
      padding += num(s.get("padding_tokens"));
      seqLen = num(s.get("seq_len"));
      for (Map<String, Object> plan : (List<Map<String, Object>>) s.getOrDefault("plans", List.of())) {
        documents += num(plan.get("documents"));
        truncated += num(plan.get("truncated_documents"));
        dropped += num(plan.get("dropped_tokens"));
      }
      for (Map<String, Object> x : (List<Map<String, Object>>) s.getOrDefault("extra", List.of())) {
        Map<String, Object> ref = (Map<String, Object>) x.get("concat_reference");
        if (ref != null) {
          refDocs += num(ref.get("documents"));
          refTruncated += num(ref.get("truncated_documents"));
          refSequences += num(ref.get("sequences"));
          refPadding += num(ref.get("padding_tokens"));
        }
        if (x.containsKey("mean_adjacent_similarity")) {
          long n = num(x.get("documents"));
          icDocs += n;
          icDuplicates += num(x.get("near_duplicates"));
          icAdjacent += n * ((Number) x.get("mean_adjacent_similarity")).doubleValue();
          icRandom += n * ((Number) x.get("random_adjacent_similarity")).doubleValue();
          icSeconds += ((Number) x.get("seconds_graph")).doubleValue() + ((Number) x.get("seconds_path")).doubleValue();
        }
      }
      Map<String, Object> shard = new LinkedHashMap<>();
      shard.put("prefix", s.get("prefix"));
      shard.put("sequences", s.get("sequences"));
      shard.put("tokens", s.get("tokens"));
      shard.put("stages", s.get("stages"));
      shard.put("bin_sha256", s.get("bin_sha256"));
      shard.put("idx_sha256", s.get("idx_sha256"));
      if (s.containsKey("parquet_sha256")) {
        shard.put("parquet_sha256", s.get("parquet_sha256"));
      }
      list.add(shard);
    }
    Map<String, Object> t = new LinkedHashMap<>();
    if (value != null) {
      t.put("value", value);
    }
    t.put("documents", documents);
    t.put("sequences", sequences);
    t.put("tokens", tokens);
    t.put("padding_tokens", padding);
    t.put("dropped_tokens", dropped);
    t.put("truncated_documents", truncated);
    t.put("truncation_rate", rate(truncated, documents));
    t.put("padding_rate", rate(padding, sequences * seqLen));
    if (refDocs > 0) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("sequences", refSequences);
      ref.put("truncated_documents", refTruncated);
      ref.put("truncation_rate", rate(refTruncated, refDocs));
      ref.put("padding_rate", rate(refPadding, refSequences * seqLen));
      t.put("concat_reference", ref);
    }
    if (icDocs > 0) {
      Map<String, Object> ic = new LinkedHashMap<>();
      ic.put("documents", icDocs);
      ic.put("near_duplicates", icDuplicates);
      ic.put("mean_adjacent_similarity", PackJob.round(icAdjacent / icDocs));
      ic.put("random_adjacent_similarity", PackJob.round(icRandom / icDocs));
      ic.put("seconds", PackJob.round(icSeconds));
      t.put("in_context", ic);
    }
    t.put("shards", list);
    return t;
  }

  /** "w1 prefix1 w2 prefix2 ...": each value's weight, spread over its shards by their tokens. */
  @SuppressWarnings("unchecked")
  static String dataPath(Path dir, TreeMap<String, List<Map<String, Object>>> splits, Map<String, Double> weights) {
    Map<String, Double> w = new LinkedHashMap<>();
    Map<String, Long> tokens = new LinkedHashMap<>();
    splits.forEach((k, shards) -> tokens.put(k, shards.stream().mapToLong(s -> num(s.get("tokens"))).sum()));
    long all = tokens.values().stream().mapToLong(Long::longValue).sum();
    splits.forEach((k, shards) -> {
      String value = (String) shards.get(0).get("value");
      Double given = weights.containsKey(value) ? weights.get(value) : weights.get(k);
      w.put(k, !weights.isEmpty() ? (given == null ? 0.0 : given) : all == 0 ? 0.0 : (double) tokens.get(k) / all);
    });
    double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder sb = new StringBuilder();
    splits.forEach((k, shards) -> {
      double share = sum == 0 ? 0 : w.get(k) / sum;
      long t = tokens.get(k);
      for (Map<String, Object> s : shards) {
        long st = num(s.get("tokens"));
        if (st == 0 || share == 0) {
          continue;
        }
        String prefix = dir.toAbsolutePath().normalize().resolve((String) s.get("prefix")).toString();
        sb.append(sb.length() > 0 ? " " : "").append(String.format(Locale.ROOT, "%.6f", share * st / t)).append(' ').append(prefix);
      }
    });
    return sb.toString();
  }

  private static double rate(long a, long b) {
    return b == 0 ? 0 : PackJob.round((double) a / b);
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0L;
  }
}
