package dev.kiln.report;

import dev.kiln.pack.Tokenizers;
import dev.kiln.pack.megatron.IndexedDataset;
import dev.kiln.pack.output.PackFile;
import dev.kiln.pack.output.PackedShard;
import dev.kiln.pack.output.PackedShardWriter;
import dev.kiln.pack.stages.MixFile;
import dev.kiln.tokenizer.Tokenizer;
import java.io.IOException;
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

  static List<Map<String, Object>> mixes(Path dir) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path f : MixFile.list(dir)) {
      String name = f.getFileName().toString();
      String stage = name.substring(0, name.length() - MixFile.SUFFIX.length());
      for (MixFile.Mixture mix : MixFile.read(f).mixtures()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("name", mix.name());
        m.put("key", mix.key());
        m.put("target_tokens", mix.targetTokens());
        m.put("achieved_tokens", mix.achievedTokens());
        List<Map<String, Object>> groups = new ArrayList<>();
        mix.groups().forEach((g, v) -> groups.add(group(g, v)));
        m.put("groups", groups);
        out.add(m);
      }
    }
    return out;
  }

  private static Map<String, Object> group(String name, MixFile.Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target_share", g.targetShare());
    m.put("target_tokens", g.targetTokens());
    m.put("available_tokens", g.availableTokens());
    m.put("achieved_tokens", g.achievedTokens());
    m.put("epochs", g.epochs());
    if (g.boostedAvailableTokens() != null) {
      m.put("boosted_available_tokens", g.boostedAvailableTokens());
      m.put("rate_boosted", g.rateBoosted());
      m.put("rate_others", g.rateOthers());
    }
    m.put("achieved_share", g.achievedShare());
    m.put("group", name);
    return m;
  }

  /** Directories (the output directory or one level down) holding a pack.json. */
  static List<Path> packDirs(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.exists(dir.resolve(PackFile.NAME))) {
      out.add(dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
        if (Files.exists(p.resolve(PackFile.NAME))) {
          out.add(p);
        }
      }
    }
    return out;
  }

  static Map<String, Object> pack(Path outputDir, Path packDir) throws IOException {
    PackFile r = PackFile.read(packDir);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dir", outputDir.relativize(packDir).toString().isEmpty() ? "." : outputDir.relativize(packDir).toString());
    m.put("mode", r.mode());
    m.put("seq_len", r.seqLen());
    m.put("dtype", r.dtype());
    String tokenizer = r.tokenizer();
    m.put("tokenizer", tokenizer.isEmpty() ? "" : Path.of(tokenizer).getFileName().toString());
    List<Map<String, Object>> datasets = new ArrayList<>();
    datasets.add(dataset("all", r.main(), r.seqLen()));
    if (r.splits() != null) {
      r.splits().forEach((k, v) -> datasets.add(dataset(r.splitBy() + "=" + k, v, r.seqLen())));
    }
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
    for (PackFile.Shard shard : r.main().shards()) {
      if (seqs.size() >= SEQUENCES) {
        break;
      }
      Path p = packDir.resolve(shard.prefix());
      if (!Files.exists(PackedShardWriter.sibling(p, PackedShardWriter.MANIFEST))) {
        continue;
      }
      seqs.addAll(sequences(p, shard.prefix(), tok, SEQUENCES - seqs.size()));
    }
    m.put("sequences", seqs);
    return m;
  }

  private static Map<String, Object> dataset(String name, PackFile.Dataset t, long seqLen) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put("documents", t.documents());
    d.put("sequences", t.sequences());
    d.put("tokens", t.tokens());
    d.put("padding_tokens", t.paddingTokens());
    d.put("dropped_tokens", t.droppedTokens());
    d.put("truncated_documents", t.truncatedDocuments());
    d.put("truncation_rate", t.truncationRate());
    d.put("padding_rate", t.paddingRate());
    long capacity = t.sequences() * seqLen;
    d.put("capacity", capacity);
    d.put("efficiency", capacity == 0 ? 0 : round((double) t.tokens() / capacity));
    if (t.concatReference() != null) {
      d.put("concat_reference", t.concatReference());
    }
    if (t.inContext() != null) {
      d.put("in_context", t.inContext());
    }
    d.put("shards", t.shards().size());
    return d;
  }

  private static List<Map<String, Object>> sequences(Path prefix, String name, Tokenizer tok, int n) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    List<PackedShard.Sequence> lines = PackedShard.sequences(prefix, n);
    try (IndexedDataset data = IndexedDataset.open(prefix)) {
      for (int i = 0; i < lines.size() && i < data.size(); i++) {
        PackedShard.Sequence line = lines.get(i);
        int[] ids = data.get(i);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shard", name);
        s.put("seq", line.seq());
        s.put("stage", line.stage());
        s.put("length", ids.length);
        s.put("pad", line.pad());
        List<Map<String, Object>> segs = new ArrayList<>();
        int k = 0;
        int shown = 0;
        for (PackedShard.Segment seg : line.segments()) {
          int len = Math.max(0, Math.min(seg.to() - seg.from(), ids.length - k));
          Map<String, Object> g = new LinkedHashMap<>();
          g.put("id", seg.id());
          g.put("from", seg.from());
          g.put("to", seg.to());
          if (seg.copy() > 0) {
            g.put("copy", seg.copy());
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

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
