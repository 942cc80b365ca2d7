package dev.kiln.report;

import dev.kiln.core.util.Json;
import dev.kiln.pack.Tokenizers;
import dev.kiln.pack.megatron.IndexedDataset;
import dev.kiln.pack.output.PackReport;
import dev.kiln.pack.output.PackedShardWriter;
import dev.kiln.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What kiln-pack left in the output directory: mixtures ({@code STAGE.mix.json}: target against
 * achieved tokens per value) and packed datasets ({@code DIR/pack.json}: sequences, tokens, padding
 * and truncation per dataset), plus the first sequences of a packed shard with their lineage,
 * decoded when the tokenizer recorded in {@code pack.json} is readable (else token ids).
 */
final class Packing {
  /** Sequences shown per packed directory. */
  static final int SEQUENCES = 6;
  /** Tokens of a sequence shown (decoded or as ids); the rest is summarized. */
  static final int SEQUENCE_TOKENS = 1024;

  private Packing() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> mixes(Path dir) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".mix.json")).sorted().toList();
    }
    for (Path f : files) {
      Map<String, Object> r = Json.MAPPER.readValue(f.toFile(), Json.MAP);
      String stage = f.getFileName().toString().replaceFirst("\\.mix\\.json$", "");
      for (Object o : (List<Object>) r.getOrDefault("mixtures", List.of())) {
        Map<String, Object> mix = (Map<String, Object>) o;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("name", mix.getOrDefault("name", ""));
        m.put("key", mix.get("key"));
        m.put("target_tokens", mix.get("target_tokens"));
        m.put("achieved_tokens", mix.get("achieved_tokens"));
        List<Map<String, Object>> groups = new ArrayList<>();
        ((Map<String, Object>) mix.getOrDefault("groups", Map.of())).forEach((g, v) -> {
          Map<String, Object> gm = new LinkedHashMap<>((Map<String, Object>) v);
          gm.put("group", g);
          groups.add(gm);
        });
        m.put("groups", groups);
        out.add(m);
      }
    }
    return out;
  }

  /** Directories (the output directory or one level down) holding a pack.json. */
  static List<Path> packDirs(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.exists(dir.resolve(PackReport.FILE))) {
      out.add(dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
        if (Files.exists(p.resolve(PackReport.FILE))) {
          out.add(p);
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> pack(Path outputDir, Path packDir) throws IOException {
    Map<String, Object> r = Json.MAPPER.readValue(packDir.resolve(PackReport.FILE).toFile(), Json.MAP);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dir", outputDir.relativize(packDir).toString().isEmpty() ? "." : outputDir.relativize(packDir).toString());
    m.put("mode", r.get("mode"));
    m.put("seq_len", r.get("seq_len"));
    m.put("dtype", r.get("dtype"));
    String tokenizer = (String) r.getOrDefault("tokenizer", "");
    m.put("tokenizer", tokenizer.isEmpty() ? "" : Path.of(tokenizer).getFileName().toString());
    long seqLen = ((Number) r.getOrDefault("seq_len", 0)).longValue();
    List<Map<String, Object>> datasets = new ArrayList<>();
    if (r.get("main") instanceof Map<?, ?> main) {
      datasets.add(dataset("all", (Map<String, Object>) main, seqLen));
    }
    ((Map<String, Object>) r.getOrDefault("splits", Map.of())).forEach((k, v) -> datasets.add(dataset(r.get("split_by") + "=" + k, (Map<String, Object>) v, seqLen)));
    m.put("datasets", datasets);

    // The first sequences of the first shard of the main dataset, with lineage.
    List<Map<String, Object>> seqs = new ArrayList<>();
    Tokenizer tok = null;
    if (!tokenizer.isEmpty() && Files.isReadable(Path.of(tokenizer))) {
      try {
        tok = Tokenizers.load(tokenizer);
      } catch (RuntimeException e) {
        tok = null;
      }
    }
    m.put("decoded", tok != null);
    if (r.get("main") instanceof Map<?, ?> main && ((Map<String, Object>) main).get("shards") instanceof List<?> shards) {
      for (Object so : shards) {
        if (seqs.size() >= SEQUENCES) {
          break;
        }
        String prefix = (String) ((Map<String, Object>) so).get("prefix");
        Path p = packDir.resolve(prefix);
        if (!Files.exists(PackedShardWriter.sibling(p, PackedShardWriter.MANIFEST))) {
          continue;
        }
        seqs.addAll(sequences(p, prefix, tok, SEQUENCES - seqs.size()));
      }
    }
    m.put("sequences", seqs);
    return m;
  }

  private static Map<String, Object> dataset(String name, Map<String, Object> t, long seqLen) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    for (String k : List.of("documents", "sequences", "tokens", "padding_tokens", "dropped_tokens", "truncated_documents",
        "truncation_rate", "padding_rate")) {
      if (t.containsKey(k)) {
        d.put(k, t.get(k));
      }
    }
    long seqs = num(t.get("sequences"));
    d.put("capacity", seqs * seqLen);
    d.put("efficiency", seqs * seqLen == 0 ? 0 : round((double) num(t.get("tokens")) / (seqs * seqLen)));
    if (t.get("concat_reference") instanceof Map<?, ?> ref) {
      d.put("concat_reference", ref);
    }
    if (t.get("in_context") instanceof Map<?, ?> ic) {
      d.put("in_context", ic);
    }
    d.put("shards", t.get("shards") instanceof List<?> l ? l.size() : 0);
    return d;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sequences(Path prefix, String name, Tokenizer tok, int n) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Map<String, Object>> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(PackedShardWriter.sibling(prefix, PackedShardWriter.MANIFEST), StandardCharsets.UTF_8)) {
      r.readLine(); // header
      for (String line; lines.size() < n && (line = r.readLine()) != null; ) {
        lines.add(Json.MAPPER.readValue(line, Json.MAP));
      }
    }
    try (IndexedDataset data = IndexedDataset.open(prefix)) {
      for (int i = 0; i < lines.size() && i < data.size(); i++) {
        Map<String, Object> line = lines.get(i);
        int[] ids = data.get(i);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shard", name);
        s.put("seq", line.getOrDefault("seq", i));
        s.put("stage", line.getOrDefault("stage", ""));
        s.put("length", ids.length);
        s.put("pad", line.getOrDefault("pad", 0));
        List<Map<String, Object>> segs = new ArrayList<>();
        int k = 0;
        int shown = 0;
        for (Object o : (List<Object>) line.getOrDefault("segments", List.of())) {
          List<Object> seg = (List<Object>) o;
          int from = ((Number) seg.get(1)).intValue();
          int to = ((Number) seg.get(2)).intValue();
          int len = Math.max(0, Math.min(to - from, ids.length - k));
          Map<String, Object> g = new LinkedHashMap<>();
          g.put("id", seg.get(0));
          g.put("from", from);
          g.put("to", to);
          if (seg.size() > 3) {
            g.put("copy", seg.get(3));
          }
          int show = Math.max(0, Math.min(len, SEQUENCE_TOKENS - shown));
          int[] piece = Arrays.copyOfRange(ids, k, k + show);
          if (tok != null) {
            g.put("text", tok.decode(piece));
          } else {
            g.put("ids", Arrays.stream(piece).boxed().toList());
          }
          g.put("shown_tokens", show);
          shown += show;
          k += len;
          segs.add(g);
        }
        s.put("segments", segs);
        out.add(s);
      }
    }
    return out;
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0L;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
