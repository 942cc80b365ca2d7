package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.PartitionFunction;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.util.Hashing;
import dev.kiln.pack.TokenIds;
import dev.kiln.pack.order.ClusterSpacer;
import dev.kiln.pack.packing.PackInput;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Token-weighted sampling and ordering shared by {@code mix}, {@code replay} and {@code curriculum},
 * as engine phases over bounded memory:
 * <ol>
 *   <li>Per partition, tokens per (mixture, group, boosted) cell in 4,096 buckets of a seeded hash of
 *       the document id, one record per cell; a shuffle sums each cell's records into one, and the
 *       driver collects those (one small record per cell).
 *   <li>On the driver, each cell's rate r = target / available, capped at max_epochs: every document
 *       is used floor(r) times, and once more when its hash bucket is below the threshold whose
 *       cumulative tokens come closest to the fractional part. The achieved tokens are therefore
 *       known exactly, before any document moves; the report shows them against the targets.
 *   <li>Each chosen copy gets a key (its mixture's partitions first, then a seeded hash, or the score
 *       for ordered stages) and one shuffle sorts them: a seeded random order, or easy-to-hard.
 *   <li>Optionally, members of one near-duplicate cluster are spaced at least N tokens apart.
 * </ol>
 * Mixture i writes partitions after mixture i-1's (one for an ordered mixture, shuffle_partitions
 * otherwise), so each output shard holds one curriculum stage, recorded in metadata {@code stage}.
 */
final class Mixer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  static final int BUCKETS = 4096;

  private final List<MixSpec> specs;
  private final String clusterKey;
  private final long clusterGap;

  Mixer(List<MixSpec> specs, String clusterKey, long clusterGap) {
    checkArgument(!specs.isEmpty(), "no mixture given");
    checkArgument(clusterGap >= 0, "cluster_gap_tokens must be >= 0");
    this.specs = List.copyOf(specs);
    this.clusterKey = clusterKey;
    this.clusterGap = clusterGap;
  }

  /** A document's cell in mixture s: "group\u0000boosted", or null when the mixture leaves it out. */
  static String cell(MixSpec spec, Document doc) {
    String g = spec.group(doc.metaString(spec.key(), ""));
    if (g == null) {
      return null;
    }
    boolean boosted = !spec.boostKey().isEmpty() && doc.metaDouble(spec.boostKey(), Double.NEGATIVE_INFINITY) >= spec.boostAbove();
    return g + "\u0000" + (boosted ? "1" : "0");
  }

  static long hash(Document doc, long seed, int s) {
    byte[] id = doc.id().getBytes(StandardCharsets.UTF_8);
    return Hashing.hash64(id, 0, id.length, seed * 0x9E3779B97F4A7C15L + 1 + s);
  }

  static int bucket(long h) {
    return (int) (h >>> 52);
  }

  static long tokens(Document doc) {
    Object v = doc.meta(TokenIds.COUNT);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("document " + doc.id() + " has no token count: mixing counts tokens, run tokenize before it");
    }
    return n.longValue();
  }

  /**
   * Phase 1: token histograms per cell of a partition, one keyed record per cell: the key is the
   * mixture's index (4 bytes) then the cell's UTF-8 bytes, the value its {@link #BUCKETS} token sums.
   */
  static final class Histograms implements PartitionFunction<Document, KV<long[]>> {
    private static final long serialVersionUID = 1L;
    private final List<MixSpec> specs;
    private final long seed;

    Histograms(List<MixSpec> specs, long seed) {
      this.specs = specs;
      this.seed = seed;
    }

    @Override
    public Iterator<KV<long[]>> apply(int partition, Iterator<Document> docs, TaskContext ctx) {
      List<Map<String, long[]>> cells = new ArrayList<>();
      specs.forEach(s -> cells.add(new TreeMap<>()));
      while (docs.hasNext()) {
        Document d = docs.next();
        long t = tokens(d);
        for (int s = 0; s < specs.size(); s++) {
          String c = cell(specs.get(s), d);
          if (c != null) {
            cells.get(s).computeIfAbsent(c, k -> new long[BUCKETS])[bucket(hash(d, seed, s))] += t;
          }
        }
      }
      List<KV<long[]>> out = new ArrayList<>();
      for (int s = 0; s < specs.size(); s++) {
        for (Map.Entry<String, long[]> e : cells.get(s).entrySet()) {
          out.add(new KV<>(cellKey(s, e.getKey()), e.getValue()));
        }
      }
      return out.iterator();
    }
  }

  static byte[] cellKey(int s, String cell) {
    byte[] c = cell.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + c.length).putInt(s).put(c).array();
  }

  /** A cell's token sums per bucket, written sparsely: the count of non-zero buckets, then (bucket, tokens) pairs. */
  static final Codec<long[]> HISTOGRAM = new Codec<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(long[] buckets, DataOutput out) throws IOException {
      int n = 0;
      for (long x : buckets) {
        n += x != 0 ? 1 : 0;
      }
      Codecs.writeVarInt(out, n);
      for (int i = 0; i < BUCKETS; i++) {
        if (buckets[i] != 0) {
          Codecs.writeVarInt(out, i);
          out.writeLong(buckets[i]);
        }
      }
    }

    @Override
    public long[] read(DataInput in) throws IOException {
      long[] buckets = new long[BUCKETS];
      for (int n = Codecs.readVarInt(in); n > 0; n--) {
        int i = Codecs.readVarInt(in);
        buckets[i] = in.readLong();
      }
      return buckets;
    }
  };

  /** Phase 1 over all partitions: the token histograms of each mixture's cells, summed by a shuffle, then collected. */
  private List<Map<String, long[]>> histograms(Dataset<Document> stored, long seed) {
    Dataset<KV<long[]>> perPartition = stored.mapPartitions(new Histograms(specs, seed), KV.codec(HISTOGRAM));
    Dataset<KV<long[]>> summed = KeyedDataset.of(perPartition).groupByKey(Partitioner.hash(1), (key, values, out, tc) -> {
      long[] sum = new long[BUCKETS];
      while (values.hasNext()) {
        long[] v = values.next();
        for (int i = 0; i < BUCKETS; i++) {
          sum[i] += v[i];
        }
      }
      out.emit(new KV<>(key, sum));
    }, KV.codec(HISTOGRAM));
    List<Map<String, long[]>> totals = new ArrayList<>();
    specs.forEach(s -> totals.add(new TreeMap<>()));
    for (KV<long[]> kv : summed.collect()) {
      ByteBuffer key = ByteBuffer.wrap(kv.key());
      int s = key.getInt();
      totals.get(s).put(new String(kv.key(), 4, kv.key().length - 4, StandardCharsets.UTF_8), kv.value());
    }
    return totals;
  }

  /** Phase 2's decision for one cell: whole copies, and one more below a bucket threshold. */
  record Choice(int copies, int threshold) implements java.io.Serializable {
    int copiesOf(int bucket) {
      return copies + (bucket < threshold ? 1 : 0);
    }
  }

  Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    Path outDir = ctx.localOutputDir("writes its mix report into the run's output directory");
    Dataset<Document> stored = docs.checkpoint();
    List<Map<String, long[]>> totals = histograms(stored, ctx.seed());
    List<Map<String, Choice>> choices = new ArrayList<>();
    List<MixFile.Mixture> mixtures = new ArrayList<>();
    for (int s = 0; s < specs.size(); s++) {
      Map<String, Choice> c = new LinkedHashMap<>();
      mixtures.add(decide(specs.get(s), totals.get(s), c));
      choices.add(c);
    }
    try {
      new MixFile(ctx.stageName(), mixtures).write(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    int p = ctx.shufflePartitions();
    int[] base = new int[specs.size()];
    int[] count = new int[specs.size()];
    int total = 0;
    for (int s = 0; s < specs.size(); s++) {
      base[s] = total;
      count[s] = specs.get(s).order().equals("shuffle") ? p : 1;
      total += count[s];
    }
    List<MixSpec> sp = specs;
    long seed = ctx.seed();
    String stage = ctx.stageName();
    Dataset<KV<Document>> keyed = stored.flatMap((doc, out, tc) -> {
      StageStats st = tc.stats(stage);
      st.in();
      long t = tokens(doc);
      int used = 0;
      boolean inSome = false;
      for (int s = 0; s < sp.size(); s++) {
        MixSpec spec = sp.get(s);
        String c = cell(spec, doc);
        if (c == null) {
          continue;
        }
        inSome = true;
        long h = hash(doc, seed, s);
        int copies = choices.get(s).get(c).copiesOf(bucket(h));
        for (int k = 0; k < copies; k++) {
          Map<String, Object> meta = new LinkedHashMap<>();
          if (!spec.name().isEmpty()) {
            meta.put(PackInput.STAGE, spec.name());
          }
          if (k > 0) {
            meta.put(PackInput.COPY, k);
          }
          out.emit(new KV<>(key(spec, doc, s, k, h, base[s], count[s], seed), meta.isEmpty() ? doc : doc.withMeta(meta)));
        }
        used += copies;
      }
      if (used == 0) {
        tc.drop(stage, doc, inSome ? "not_sampled" : "not_in_mix", null);
      } else {
        st.kept();
        st.add("copies", used);
        st.add("tokens", t * used);
      }
    }, KV.codec(Codecs.DOCUMENT));
    Dataset<Document> mixed = KeyedDataset.of(keyed).groupByKey(Partitioner.byPrefix(total), (key, values, out, tc) -> values.forEachRemaining(out::emit), Codecs.DOCUMENT);
    return clusterGap > 0 ? mixed.mapPartitions(new ClusterSpacer(clusterKey, clusterGap, stage), Codecs.DOCUMENT) : mixed;
  }

  /** Partition, then order: a seeded hash (shuffle) or the score (ascending/descending), then id and copy. */
  static byte[] key(MixSpec spec, Document doc, int s, int copy, long h, int base, int count, long seed) {
    byte[] id = doc.id().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + 8 + id.length + 4);
    long order;
    int partition;
    if (spec.order().equals("shuffle")) {
      long r = Hashing.hash64(id, 0, id.length, seed ^ (0x5DEECE66DL * (s + 1)) ^ ((long) copy << 40));
      partition = base + (int) Long.remainderUnsigned(r, count);
      order = r ^ Long.MIN_VALUE;
    } else {
      double score = doc.metaDouble(spec.scoreKey(), 0);
      long bits = Double.doubleToLongBits(score);
      long sortable = bits ^ ((bits >> 63) & Long.MAX_VALUE);
      order = spec.order().equals("ascending") ? sortable : ~sortable;
      partition = base;
    }
    b.putInt(partition).putLong(order ^ Long.MIN_VALUE).put(id).putInt(copy);
    return b.array();
  }

  /** Rates per cell of one mixture; fills {@code choices}; returns the report of targets against achieved. */
  static MixFile.Mixture decide(MixSpec spec, Map<String, long[]> cells, Map<String, Choice> choices) {
    Map<String, long[]> available = new LinkedHashMap<>(); // group -> [boosted, others]
    cells.forEach((c, buckets) -> {
      String[] parts = c.split("\u0000");
      long sum = 0;
      for (long x : buckets) {
        sum += x;
      }
      available.computeIfAbsent(parts[0], k -> new long[2])[parts[1].equals("1") ? 0 : 1] += sum;
    });
    double budget = spec.totalTokens();
    if (budget == 0) {
      budget = Double.MAX_VALUE;
      for (String g : spec.weights().keySet()) {
        long[] a = available.getOrDefault(g, new long[2]);
        double share = spec.share(g);
        if (share > 0) {
          budget = Math.min(budget, spec.maxEpochs() * (a[0] + a[1]) / share);
        }
      }
      if (budget == Double.MAX_VALUE) {
        budget = 0;
      }
    }
    LinkedHashMap<String, MixFile.Group> groups = new LinkedHashMap<>();
    long achievedAll = 0;
    for (String g : spec.weights().keySet()) {
      long[] a = available.getOrDefault(g, new long[2]);
      double target = spec.share(g) * budget;
      double hi;
      double lo;
      double b = spec.boost();
      if (a[0] == 0 || a[1] == 0 || b == 1) {
        hi = lo = a[0] + a[1] == 0 ? 0 : target / (a[0] + a[1]);
      } else {
        lo = target / (b * a[0] + a[1]);
        hi = b * lo;
      }
      double e = spec.maxEpochs();
      if (hi > e) {
        hi = e;
        lo = a[1] == 0 ? 0 : Math.min(e, Math.max(0, (target - e * a[0]) / a[1]));
      }
      if (lo > e) {
        lo = e;
        hi = a[0] == 0 ? 0 : Math.min(e, Math.max(0, (target - e * a[1]) / a[0]));
      }
      long achieved = 0;
      for (int boosted = 0; boosted < 2; boosted++) {
        String c = g + "\u0000" + (boosted == 0 ? "1" : "0");
        long[] buckets = cells.get(c);
        if (buckets == null) {
          continue;
        }
        double rate = boosted == 0 ? hi : lo;
        Choice ch = choose(rate, buckets);
        choices.put(c, ch);
        long cum = 0;
        long all = 0;
        for (int i = 0; i < BUCKETS; i++) {
          all += buckets[i];
          if (i < ch.threshold()) {
            cum += buckets[i];
          }
        }
        achieved += ch.copies() * all + cum;
      }
      achievedAll += achieved;
      boolean boosting = !spec.boostKey().isEmpty();
      groups.put(g, new MixFile.Group(round(spec.share(g)), Math.round(target), a[0] + a[1], achieved,
          a[0] + a[1] == 0 ? 0 : round((double) achieved / (a[0] + a[1])), boosting ? a[0] : null, boosting ? round(hi) : null,
          boosting ? round(lo) : null, 0));
    }
    long sum = achievedAll;
    groups.replaceAll((g, m) -> m.withAchievedShare(sum == 0 ? 0 : round((double) m.achievedTokens() / sum)));
    return new MixFile.Mixture(spec.name(), spec.key(), spec.order(), Math.round(budget), achievedAll, groups);
  }

  /** Whole copies and the bucket threshold whose cumulative tokens come closest to the fraction. */
  static Choice choose(double rate, long[] buckets) {
    int copies = (int) Math.floor(rate + 1e-12);
    double frac = rate - copies;
    long all = 0;
    for (long x : buckets) {
      all += x;
    }
    double want = frac * all;
    long cum = 0;
    int best = 0;
    double bestErr = want;
    for (int i = 0; i < BUCKETS; i++) {
      cum += buckets[i];
      double err = Math.abs(cum - want);
      if (err < bestErr) {
        bestErr = err;
        best = i + 1;
      }
    }
    return new Choice(copies, best);
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
