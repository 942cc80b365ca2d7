package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.Engine;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.Positions;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import dev.kiln.local.LocalEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine contract on Spark local[2], checked against the local engine and in-memory results. */
class SparkEngineTest {
  /** A split of n synthetic records "key:p:i:padding" with seeded random keys. */
  record Synthetic(int partition, int n) implements Split {
    @Override
    public String name() {
      return "synthetic-" + partition;
    }

    @Override
    public long size() {
      return -1;
    }
  }

  static final SplitReader<String> READER = (split, ctx) -> {
    Synthetic s = (Synthetic) split;
    List<String> out = new ArrayList<>();
    Random r = new Random(s.partition());
    for (int i = 0; i < s.n(); i++) {
      out.add(r.nextInt(500) + ":" + s.partition() + ":" + i + ":" + "x".repeat(r.nextInt(200)));
    }
    if (ctx != null) {
      ctx.stats("read").add("splits", 1);
    }
    return CloseableIterator.of(out.iterator());
  };

  static List<Synthetic> splits() {
    return List.of(new Synthetic(0, 7000), new Synthetic(1, 3), new Synthetic(2, 0), new Synthetic(3, 9000));
  }

  static JavaSparkContext jsc;

  @BeforeAll
  static void startSpark(@TempDir Path dir) {
    jsc = new JavaSparkContext(SparkEngine.conf(new SparkEngine.Options("local[2]", dir, dir, Map.of())));
  }

  @AfterAll
  static void stopSpark() {
    jsc.stop();
  }

  /** Groups by key ("key=count:first..last"), counting records in and groups out. */
  static List<String> groupJob(Engine engine) {
    Dataset<String> src = engine.read(splits(), READER, Codecs.STRING);
    Dataset<KV<String>> keyed = src.flatMap((s, out, ctx) -> {
      ctx.stats("keyed").in();
      ctx.stats("keyed").kept();
      out.emit(new KV<>(s.substring(0, s.indexOf(':')).getBytes(StandardCharsets.UTF_8), s));
    }, KV.codec(Codecs.STRING));
    return KeyedDataset.of(keyed).groupByKey(Partitioner.hash(5), (key, values, out, ctx) -> {
      List<String> vs = new ArrayList<>();
      values.forEachRemaining(vs::add);
      ctx.stats("groups").in();
      ctx.stats("groups").kept();
      out.emit(new String(key, StandardCharsets.UTF_8) + "=" + vs.size() + ":" + vs.get(0) + ".." + vs.get(vs.size() - 1));
    }, Codecs.STRING).collect();
  }

  /** What groupJob must give, computed in memory: values in the byte order of their encoding. */
  static Map<String, String> expected() throws Exception {
    TreeMap<String, List<byte[]>> groups = new TreeMap<>();
    for (Synthetic s : splits()) {
      try (CloseableIterator<String> it = READER.open(s, null)) {
        while (it.hasNext()) {
          String v = it.next();
          groups.computeIfAbsent(v.substring(0, v.indexOf(':')), k -> new ArrayList<>()).add(Codecs.encode(Codecs.STRING, v));
        }
      }
    }
    Map<String, String> out = new TreeMap<>();
    groups.forEach((k, vs) -> {
      vs.sort(Arrays::compareUnsigned);
      out.put(k, k + "=" + vs.size() + ":" + Codecs.decode(Codecs.STRING, vs.get(0)) + ".." + Codecs.decode(Codecs.STRING, vs.get(vs.size() - 1)));
    });
    return out;
  }

  @Test
  void groupByKeyMatchesTheLocalEngineAndAnInMemoryGrouping(@TempDir Path dir) throws Exception {
    List<String> spark;
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      spark = groupJob(e);
      assertEquals(16003, e.stats().stage("keyed").inCount());
      assertEquals(500, e.stats().stage("groups").inCount());
      assertEquals(4, e.stats().stage("read").counter("splits"));
    }
    List<String> local;
    try (LocalEngine e = new LocalEngine(new LocalEngine.Options(dir.resolve("work"), dir.resolve("logs"), 2, 1 << 20))) {
      local = groupJob(e);
    }
    assertEquals(local, spark, "same records in the same order as the local engine");
    Map<String, String> want = expected();
    assertEquals(want.size(), spark.size());
    for (String line : spark) {
      assertEquals(want.get(line.substring(0, line.indexOf('='))), line);
    }
  }

  @Test
  void keysComeInUnsignedByteOrderWithinAPartition(@TempDir Path dir) {
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      // Keys that differ in sign and length: unsigned order puts 0x7f before 0x80, and a prefix first.
      List<byte[]> keys = List.of(new byte[] {(byte) 0x80}, new byte[] {0x7f}, new byte[] {0x7f, 0}, new byte[] {}, new byte[] {(byte) 0xff, 1});
      Dataset<KV<String>> kv = e.read(List.of(new Synthetic(0, 0)), (s, ctx) -> {
        List<KV<String>> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          out.add(new KV<>(keys.get(i), "v" + (9 - i)));
          out.add(new KV<>(keys.get(i), "v" + i));
        }
        return CloseableIterator.of(out.iterator());
      }, KV.codec(Codecs.STRING));
      List<String> got = KeyedDataset.of(kv).groupByKey(Partitioner.hash(1), (key, values, out, ctx) -> {
        StringBuilder sb = new StringBuilder(java.util.HexFormat.of().formatHex(key)).append('=');
        values.forEachRemaining(v -> sb.append(v).append(','));
        out.emit(sb.toString());
      }, Codecs.STRING).collect();
      assertEquals(List.of("=v3,v6,", "7f=v1,v8,", "7f00=v2,v7,", "80=v0,v9,", "ff01=v4,v5,"), got);
    }
  }

  @Test
  void unionCheckpointAndPositionsKeepInputOrder(@TempDir Path dir) {
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      Dataset<String> a = e.read(splits(), READER, Codecs.STRING);
      Dataset<String> stored = a.flatMap((s, out, ctx) -> {
        ctx.stats("count").in();
        out.emit(s.substring(0, s.indexOf(':', s.indexOf(':') + 1)));
      }, Codecs.STRING).checkpoint();
      List<String> twice = stored.union(stored).collect();
      List<String> once = stored.collect();
      assertEquals(16003, once.size());
      assertEquals(once, twice.subList(0, once.size()));
      assertEquals(once, twice.subList(once.size(), twice.size()));
      assertEquals(16003, e.stats().stage("count").inCount(), "a checkpoint is computed and counted once");
      assertEquals(8, stored.union(stored).numPartitions());
      List<KV<String>> keyed = Positions.keyed(stored).collect();
      assertEquals(Positions.key(3, 8999).length, keyed.get(keyed.size() - 1).key().length);
      assertTrue(Arrays.equals(Positions.key(3, 8999), keyed.get(keyed.size() - 1).key()));
      assertTrue(Arrays.equals(Positions.key(0, 0), keyed.get(0).key()));
    }
  }

  @Test
  void aDatasetComputedTwiceIsCountedOnce(@TempDir Path dir) {
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      Dataset<String> counted = e.read(splits(), READER, Codecs.STRING).flatMap((s, out, ctx) -> {
        ctx.stats("count").in();
        out.emit(s);
      }, Codecs.STRING);
      counted.collect();
      counted.collect();
      assertEquals(16003, e.stats().stage("count").inCount());
      assertTrue(e.duplicateReports() >= 3, "the second computation's reports were recognised as repeats");
    }
  }

  @Test
  void aFailingFunctionFailsTheRunWithItsMessage(@TempDir Path dir) {
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      Dataset<String> bad = e.read(splits(), READER, Codecs.STRING).flatMap((s, out, ctx) -> {
        throw new IllegalArgumentException("broken stage");
      }, Codecs.STRING);
      IllegalStateException x = assertThrows(IllegalStateException.class, bad::collect);
      assertTrue(x.getMessage().contains("broken stage"), x.getMessage());
    }
  }

  @Test
  void mapPartitionsSeesItsPartitionIndex(@TempDir Path dir) {
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      Dataset<String> src = e.read(splits(), READER, Codecs.STRING);
      List<String> firsts = src.union(src).mapPartitions((p, it, ctx) -> {
        List<String> out = new ArrayList<>();
        out.add(p + "/" + ctx.partition() + "/" + (it.hasNext() ? it.next().split(":")[1] : "-"));
        return out.iterator();
      }, Codecs.STRING).collect();
      assertEquals(List.of("0/0/0", "1/1/1", "2/2/-", "3/3/3", "4/4/0", "5/5/1", "6/6/-", "7/7/3"), firsts);
    }
  }

  static <T> List<T> drain(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
