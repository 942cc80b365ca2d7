package dev.kiln.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import dev.kiln.core.stats.RunStats;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEngineTest {
  /** A split of n synthetic records "p:i" with seeded random keys. */
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

  static final AtomicInteger OPENED = new AtomicInteger();

  static final SplitReader<String> READER = (split, ctx) -> {
    OPENED.incrementAndGet();
    Synthetic s = (Synthetic) split;
    List<String> out = new ArrayList<>();
    Random r = new Random(s.partition());
    for (int i = 0; i < s.n(); i++) {
      // Few distinct keys, so groups span spills and partitions; values padded to fill buffers.
      out.add(r.nextInt(500) + ":" + s.partition() + ":" + i + ":" + "x".repeat(r.nextInt(200)));
    }
    return CloseableIterator.of(out.iterator());
  };

  private static List<Synthetic> splits() {
    return List.of(new Synthetic(0, 7000), new Synthetic(1, 3), new Synthetic(2, 0), new Synthetic(3, 9000));
  }

  /** Groups by the record's key, emitting "key=count:first..last" per key. */
  private static List<String> groupJob(LocalEngine engine) {
    Dataset<String> src = engine.read(splits(), READER, Codecs.STRING);
    Dataset<KV<String>> keyed = src.flatMap((s, out, ctx) -> {
      ctx.stats("keyed").in();
      ctx.stats("keyed").kept();
      out.emit(new KV<>(s.substring(0, s.indexOf(':')).getBytes(StandardCharsets.UTF_8), s));
    }, KV.codec(Codecs.STRING));
    return KeyedDataset.of(keyed).groupByKey(Partitioner.hash(5), (key, values, out, ctx) -> {
      List<String> vs = new ArrayList<>();
      values.forEachRemaining(vs::add);
      out.emit(new String(key, StandardCharsets.UTF_8) + "=" + vs.size() + ":" + vs.get(0) + ".." + vs.get(vs.size() - 1));
    }, Codecs.STRING).collect();
  }

  /** What groupJob must give, computed in memory. */
  private static Map<String, String> expected() throws Exception {
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

  private static LocalEngine engine(Path dir, int threads, long memory) {
    return new LocalEngine(new LocalEngine.Options(dir.resolve("work"), dir.resolve("logs"), threads, memory));
  }

  @Test
  void memoryBudgetFollowsTheHeapUnlessSet() {
    long mb = 1 << 20;
    // Unset: a quarter of the heap, at most 512 MiB (the former fixed default).
    assertEquals(64 * mb, LocalEngine.Options.memoryBudget(LocalEngine.Options.AUTO, 256 * mb));
    assertEquals(256 * mb, LocalEngine.Options.memoryBudget(LocalEngine.Options.AUTO, 1024 * mb));
    assertEquals(512 * mb, LocalEngine.Options.memoryBudget(LocalEngine.Options.AUTO, 8192 * mb));
    assertEquals(512 * mb, LocalEngine.Options.memoryBudget(LocalEngine.Options.AUTO, Long.MAX_VALUE));
    assertEquals(mb, LocalEngine.Options.memoryBudget(LocalEngine.Options.AUTO, 2 * mb));
    // Set: kept as given up to half the heap, refused beyond with a message naming memory_mb and the heap.
    assertEquals(100 * mb, LocalEngine.Options.memoryBudget(100 * mb, 256 * mb));
    assertEquals(128 * mb, LocalEngine.Options.memoryBudget(128 * mb, 256 * mb));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalEngine.Options.memoryBudget(512 * mb, 256 * mb));
    assertTrue(e.getMessage().contains("memory_mb 512") && e.getMessage().contains("max heap is 256 MB"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LocalEngine.Options.memoryBudget(1000, 256 * mb));
  }

  @Test
  void shuffleKeysCompareByPrefixesAsByTheirBytes() {
    Random r = new Random(3);
    int equal = 0;
    for (int i = 0; i < 200_000; i++) {
      // Keys up to 30 bytes over few byte values, so equal prefixes, proper prefixes and trailing zeros are common.
      byte[] a = new byte[r.nextInt(31)];
      byte[] b = new byte[r.nextInt(31)];
      for (byte[] k : new byte[][] {a, b}) {
        for (int j = 0; j < k.length; j++) {
          k[j] = (byte) new int[] {0, 0, 1, 0x80, 0xFF}[r.nextInt(5)];
        }
      }
      int expected = Integer.signum(Bytes.compare(a, b));
      equal += expected == 0 ? 1 : 0;
      assertEquals(expected, Integer.signum(ShuffleWriter.compareKeys(Bytes.prefix(a, 0), Bytes.prefix(a, 8), Bytes.prefix(a, 16), a,
          Bytes.prefix(b, 0), Bytes.prefix(b, 8), Bytes.prefix(b, 16), b)),
          Arrays.toString(a) + " vs " + Arrays.toString(b));
    }
    assertTrue(equal > 200, "equal keys must be tried too, got " + equal);
  }

  @Test
  void groupByKeySpillsAndMatchesAnInMemoryGrouping(@TempDir Path dir) throws Exception {
    List<String> result;
    try (LocalEngine e = engine(dir, 2, 1 << 20)) {
      result = groupJob(e);
      assertEquals(16003, e.stats().stage("keyed").inCount());
    }
    long runFiles;
    try (var files = Files.walk(dir.resolve("work"))) {
      runFiles = files.filter(p -> p.toString().endsWith(".run")).count();
    }
    assertTrue(runFiles > 4, "a 1 MiB budget must spill several runs, got " + runFiles);
    Map<String, String> want = expected();
    assertEquals(want.size(), result.size());
    for (String line : result) {
      String key = line.substring(0, line.indexOf('='));
      assertEquals(want.get(key), line);
    }
  }

  @Test
  void tasksGetTheRunsWorkDirectoryForScratchFiles(@TempDir Path dir) {
    try (LocalEngine e = engine(dir, 2, 1 << 20)) {
      List<String> seen = e.read(splits(), READER, Codecs.STRING)
          .flatMap((s, out, ctx) -> out.emit(ctx.scratchDir().toString()), Codecs.STRING).collect();
      assertFalse(seen.isEmpty());
      assertEquals(Set.of(dir.resolve("work").resolve("scratch").toString()), Set.copyOf(seen));
    }
  }

  @Test
  void resultsDoNotDependOnThreadsOrMemory(@TempDir Path dir) {
    List<String> one;
    List<String> three;
    try (LocalEngine e = engine(dir.resolve("a"), 1, 64L << 20)) {
      one = groupJob(e);
    }
    try (LocalEngine e = engine(dir.resolve("b"), 3, 1 << 20)) {
      three = groupJob(e);
    }
    assertEquals(one, three);
  }

  @Test
  void committedTasksAreSkippedOnRestartAndKeepTheirAccounting(@TempDir Path dir) {
    RunStats first;
    List<String> firstOut;
    try (LocalEngine e = engine(dir, 2, 8L << 20)) {
      Dataset<String> stored = e.read(splits(), READER, Codecs.STRING).flatMap((s, out, ctx) -> {
        ctx.stats("count").in();
        ctx.stats("count").kept();
        out.emit(s);
      }, Codecs.STRING).checkpoint();
      firstOut = stored.collect();
      first = e.stats();
    }
    OPENED.set(0);
    try (LocalEngine e = engine(dir, 2, 8L << 20)) {
      Dataset<String> stored = e.read(splits(), READER, Codecs.STRING).flatMap((s, out, ctx) -> {
        ctx.stats("count").in();
        ctx.stats("count").kept();
        out.emit(s);
      }, Codecs.STRING).checkpoint();
      assertEquals(0, OPENED.get(), "a committed checkpoint is not recomputed");
      assertEquals(first.stage("count"), e.stats().stage("count"));
      assertEquals(firstOut.size(), 16003);
    }
  }

  @Test
  void cogroupGivesEachKeyBothSidesInByteOrder(@TempDir Path dir) throws Exception {
    try (LocalEngine e = engine(dir, 2, 1 << 20)) {
      Dataset<String> src = e.read(splits(), READER, Codecs.STRING);
      // Left: every record under its key; right: one count per partition and key ("p:count").
      KeyedDataset<String> left = src.keyBy((s, out, ctx) -> out.emit(new KV<>(key(s), s)), Codecs.STRING);
      KeyedDataset<Long> right = src.keyBy((s, out, ctx) -> out.emit(new KV<>(key(s), (long) s.length())), Codecs.LONG);
      List<String> got = left.cogroup(right, Partitioner.hash(3), (k, ls, rs, out, ctx) -> {
        long n = 0;
        String first = null;
        while (ls.hasNext()) {
          String v = ls.next();
          first = first == null ? v : first;
          n++;
        }
        long chars = 0;
        long m = 0;
        while (rs.hasNext()) {
          chars += rs.next();
          m++;
        }
        out.emit(new String(k, StandardCharsets.UTF_8) + "=" + n + "/" + m + ":" + chars + ":" + first);
      }, Codecs.STRING).collect();
      TreeMap<String, String> byKey = new TreeMap<>();
      got.forEach(g -> byKey.put(g.substring(0, g.indexOf('=')), g));
      Map<String, String> want = expected();
      assertEquals(want.keySet(), byKey.keySet());
      for (Map.Entry<String, String> w : want.entrySet()) {
        // groupJob's first value is the smallest in byte order: the left side keeps that order.
        String first = w.getValue().substring(w.getValue().indexOf(':') + 1, w.getValue().indexOf(".."));
        String line = byKey.get(w.getKey());
        long n = Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf('/')));
        assertEquals(n, Long.parseLong(line.substring(line.indexOf('/') + 1, line.indexOf(':'))), line);
        assertTrue(line.endsWith(":" + first), line + " vs " + first);
      }
      // Asking for the right side while the left still has values is refused, not silently skipped.
      Exception refused = assertThrows(Exception.class, () -> left.cogroup(right, Partitioner.hash(3),
          (k, ls, rs, out, ctx) -> out.emit(String.valueOf(rs.hasNext())), Codecs.STRING).collect());
      assertTrue(String.valueOf(refused.getMessage()).contains("reads all of left before right"), refused.toString());
    }
  }

  private static byte[] key(String s) {
    return s.substring(0, s.indexOf(':')).getBytes(StandardCharsets.UTF_8);
  }

  /** Counts what tasks add, merged once per committed task. */
  static final class Total implements dev.kiln.core.engine.Accumulator<long[]> {
    @Override
    public String name() {
      return "total";
    }

    @Override
    public Class<long[]> type() {
      return long[].class;
    }

    @Override
    public long[] create() {
      return new long[1];
    }

    @Override
    public void merge(long[] into, long[] from) {
      into[0] += from[0];
    }
  }

  @Test
  void accumulatorsAreMergedOncePerTaskAndSurviveRestart(@TempDir Path dir) throws Exception {
    Total total = new Total();
    for (int run = 0; run < 2; run++) {
      OPENED.set(0);
      try (LocalEngine e = engine(dir, 2, 8L << 20)) {
        e.register(total);
        e.read(splits(), READER, Codecs.STRING).flatMap((s, out, ctx) -> {
          ctx.accumulator(total)[0] += s.length();
          out.emit(s);
        }, Codecs.STRING).checkpoint();
        long chars = 0;
        for (Synthetic sp : splits()) {
          try (CloseableIterator<String> it = READER.open(sp, null)) {
            while (it.hasNext()) {
              chars += it.next().length();
            }
          }
        }
        // The second run finds every task committed: the value comes back from the markers, not recounted.
        assertEquals(chars, e.accumulated(total)[0], "run " + run);
        assertEquals(run == 0 ? splits().size() * 2 : splits().size(), OPENED.get(), "run " + run);
      }
    }
  }

  @Test
  void mergesMoreRunsThanItMayOpenInRounds(@TempDir Path dir) throws Exception {
    List<ShuffleRun> runs = new ArrayList<>();
    List<byte[]> all = new ArrayList<>();
    Random r = new Random(7);
    for (int run = 0; run < 37; run++) {
      final int f = run;
      List<byte[]> keys = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        keys.add(ByteBuffer.allocate(4).putInt(r.nextInt(1000)).array());
      }
      keys.sort(Arrays::compareUnsigned);
      Path file = dir.resolve("run-" + f);
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
        for (byte[] k : keys) {
          Codecs.writeBytes(out, k);
          Codecs.writeBytes(out, new byte[] {(byte) f});
        }
      }
      runs.add(new ShuffleRun(file, 0, Files.size(file)));
      keys.forEach(k -> all.add(concat(k, new byte[] {(byte) f})));
    }
    all.sort(Arrays::compareUnsigned);
    List<byte[]> merged = new ArrayList<>();
    try (RunMerger m = RunMerger.open(runs, dir, 4)) {
      while (m.hasNext()) {
        byte[][] kv = m.next();
        merged.add(concat(kv[0], kv[1]));
      }
    }
    assertEquals(all.size(), merged.size());
    for (int i = 0; i < all.size(); i++) {
      assertTrue(Arrays.equals(all.get(i), merged.get(i)), "order differs at " + i);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
