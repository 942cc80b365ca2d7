package dev.kiln.pack.output;

import dev.kiln.core.Document;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.util.Hashing;
import dev.kiln.pack.IntBuf;
import dev.kiln.pack.megatron.DType;
import dev.kiln.pack.order.InContextOrder;
import dev.kiln.pack.order.LexicalEmbedder;
import dev.kiln.pack.order.Orders;
import dev.kiln.pack.packing.PackInput;
import dev.kiln.pack.packing.PackMode;
import dev.kiln.pack.packing.PackPlan;
import dev.kiln.pack.packing.Packers;
import dev.kiln.pack.stages.Pack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packs one partition and writes its shards: the main dataset {@code DIR/part-NNNNN.*} and, with
 * {@code split_by}, {@code DIR/VALUE/part-NNNNN.*} per value; then {@code DIR/part-NNNNN.json}, the
 * partition's summary, last (its presence marks the partition done). Within a shard, documents of
 * one curriculum stage are packed together and their sequences kept contiguous, so no sequence
 * mixes two stages. Every random choice is seeded by (recipe seed, partition, dataset, stage).
 */
public final class PackJob implements PartitionSink<Document> {
  private static final long serialVersionUID = 1L;

  private final Pack.Config config;
  private final int vocabSize;
  private final int padId;
  private final String dir;
  private final long seed;
  private final String stageName;

  public PackJob(Pack.Config config, int vocabSize, int padId, String dir, long seed, String stageName) {
    this.config = config;
    this.vocabSize = vocabSize;
    this.padId = padId;
    this.dir = dir;
    this.seed = seed;
    this.stageName = stageName;
  }

  public Path dir() {
    return Path.of(dir);
  }

  public DType dtype() {
    return DType.forVocabulary(vocabSize);
  }

  public int padId() {
    return padId;
  }

  public static String shardName(int partition) {
    return String.format("part-%05d", partition);
  }

  /** A split_by value as a directory name. */
  public static String dirName(String value) {
    String s = value.isEmpty() ? "_none" : value.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s : s;
  }

  @Override
  public boolean done(int partition) {
    return Files.exists(PartitionSummary.path(dir(), partition));
  }

  @Override
  public void write(int partition, Iterator<Document> docs, TaskContext ctx) throws IOException {
    PackInput in = new PackInput(config.splitBy(), config.mode() == PackMode.CLUSTER ? config.clusterKey() : "");
    while (docs.hasNext()) {
      in.add(docs.next());
    }
    pack(partition, in, ctx).write(dir());
  }

  /** Packs and writes every dataset of one partition; returns its summary. {@code ctx} may be null. */
  public PartitionSummary pack(int partition, PackInput in, TaskContext ctx) throws IOException {
    Files.createDirectories(dir());
    int[] all = Packers.identity(in.size());
    float[][] vectors = needsEmbeddings() ? new LexicalEmbedder(config.dimensions(), seed).embed(in, all) : null;
    // the main dataset (name null) holds every document; split datasets one value each
    List<Map.Entry<String, int[]>> datasets = new ArrayList<>();
    datasets.add(new java.util.AbstractMap.SimpleEntry<>(null, all));
    if (!config.splitBy().isEmpty()) {
      TreeMap<String, IntBuf> byValue = new TreeMap<>();
      for (int d = 0; d < in.size(); d++) {
        byValue.computeIfAbsent(in.splitValue(d), k -> new IntBuf()).add(d);
      }
      byValue.forEach((v, docs) -> datasets.add(new java.util.AbstractMap.SimpleEntry<>(v, docs.toArray())));
    }
    ShardSummary mainShard = null;
    LinkedHashMap<String, ShardSummary> splits = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : datasets) {
      boolean main = e.getKey() == null;
      String name = main ? "" : e.getKey();
      Path prefix = main ? dir().resolve(shardName(partition)) : dir().resolve(dirName(name)).resolve(shardName(partition));
      Files.createDirectories(prefix.getParent());
      List<ShardSummary.Extra> extras = new ArrayList<>();
      ShardSummary ds;
      try (PackedShardWriter w = new PackedShardWriter(prefix, dtype(), config.seqLen(), padId, config.documentMask(),
          config.maskContinuations(), config.parquet())) {
        for (Map.Entry<String, int[]> stage : byStage(in, e.getValue()).entrySet()) {
          byte[] key = ((main ? "" : "split:" + name) + "\u0000" + stage.getKey()).getBytes(StandardCharsets.UTF_8);
          long s = Hashing.hash64(key, 0, key.length, seed * 1_000_003L + partition);
          Planned p = plan(in, stage.getValue(), s, vectors);
          w.write(p.plan(), in, stage.getKey());
          if (p.extra() != null) {
            extras.add(p.extra().withStage(stage.getKey()));
          }
          if (main && ctx != null) {
            for (int d : p.duplicates()) {
              ctx.logDrop(stageName, in.id(d), "near_duplicate", "left out of the in-context packing");
            }
            ctx.stats(stageName).add("near_duplicates", p.duplicates().length);
          }
        }
        w.close();
        ds = w.summary().inPartition(dir().relativize(prefix).toString(), extras, main ? null : name);
      }
      if (main && ctx != null) {
        ctx.stats(stageName).add("tokens", ds.tokens());
        ctx.stats(stageName).add("sequences", ds.sequences());
        ctx.stats(stageName).add("padding_tokens", ds.paddingTokens());
      }
      if (main) {
        mainShard = ds;
      } else {
        splits.put(dirName(name), ds);
      }
    }
    return new PartitionSummary(partition, in.size(), in.totalTokens(), mainShard, splits.isEmpty() ? null : splits);
  }

  private boolean needsEmbeddings() {
    return config.mode() == PackMode.IN_CONTEXT || (config.mode() == PackMode.CLUSTER && config.clusterKey().isEmpty());
  }

  /** Documents by curriculum stage, stages in order of first appearance. */
  private static Map<String, int[]> byStage(PackInput in, int[] docs) {
    Map<String, IntBuf> m = new LinkedHashMap<>();
    for (int d : docs) {
      m.computeIfAbsent(in.stage(d), k -> new IntBuf()).add(d);
    }
    Map<String, int[]> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v.toArray()));
    return out;
  }

  /** A plan and what the mode reports beside it (null: nothing). */
  public record Planned(PackPlan plan, ShardSummary.Extra extra, int[] duplicates) {}

  /** Plans one group of documents by the configured mode. */
  public Planned plan(PackInput in, int[] docs, long s, float[][] vectors) {
    int[] lengths = in.lengths();
    int seqLen = config.seqLen();
    boolean drop = config.dropRemainder();
    switch (config.mode()) {
      case CONCAT -> {
        int[] order = config.shuffle() ? Orders.shuffled(docs, s) : docs;
        return new Planned(Packers.concat(lengths, order, seqLen, drop), null, new int[0]);
      }
      case BEST_FIT -> {
        PackPlan p = Packers.bestFit(lengths, docs, seqLen);
        ShardSummary.Extra extra = ShardSummary.Extra.concatReference(Packers.concat(lengths, docs, seqLen, drop).summary(null));
        return new Planned(config.shuffle() ? p.shuffled(s) : p, extra, new int[0]);
      }
      case CLUSTER -> {
        int[] order;
        if (config.clusterKey().isEmpty()) {
          int bits = config.clusterBits();
          order = Orders.grouped(docs, d -> Integer.toString(signature(vectors[d], bits)), config.shuffle(), s);
        } else {
          order = Orders.grouped(docs, in::groupValue, config.shuffle(), s);
        }
        PackPlan p = Packers.concat(lengths, order, seqLen, drop);
        return new Planned(config.shuffle() ? p.shuffled(s) : p, null, new int[0]);
      }
      case IN_CONTEXT -> {
        float[][] sub = new float[docs.length][];
        for (int i = 0; i < docs.length; i++) {
          sub[i] = vectors[docs[i]];
        }
        InContextOrder.Result r = InContextOrder.order(docs, sub,
            new InContextOrder.Options(config.neighbours(), config.duplicateCosine(), config.dropDuplicates(), 8, 32, s));
        PackPlan p = Packers.concat(lengths, r.order(), seqLen, drop);
        ShardSummary.Extra extra = new ShardSummary.Extra(null, docs.length, r.duplicates().length, round(r.meanAdjacentSimilarity()),
            round(r.randomAdjacentSimilarity()), r.jumps(), round(r.secondsGraph()), round(r.secondsPath()), null);
        return new Planned(config.shuffle() ? p.shuffled(s) : p, extra, r.duplicates());
      }
      default -> throw new IllegalStateException();
    }
  }

  /** Cluster id of an embedding: the signs of its first {@code bits} coordinates. */
  static int signature(float[] v, int bits) {
    int sig = 0;
    for (int b = 0; b < bits; b++) {
      if (v[b] > 0) {
        sig |= 1 << b;
      }
    }
    return sig;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
