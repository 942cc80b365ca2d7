package dev.kiln.pack.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.pack.megatron.DType;
import dev.kiln.pack.megatron.IndexedDatasetWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedLoaderTest {
  @TempDir
  Path dir;

  @BeforeEach
  void shards() throws IOException {
    int v = 0;
    for (int s = 0; s < 3; s++) {
      try (IndexedDatasetWriter w = new IndexedDatasetWriter(dir.resolve(String.format("part-%05d", s)), DType.UINT16)) {
        for (int i = 0; i < 7 + s; i++) {
          w.addDocument(new int[] {v++, s, i}, 0, 3);
        }
      }
    }
  }

  static String key(PackedLoader.Sample s) {
    return s.epoch() + ":" + s.shard() + ":" + s.index() + ":" + Arrays.toString(s.tokens());
  }

  static List<String> take(PackedLoader l, int n) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(key(l.next()));
    }
    return out;
  }

  @Test
  void resumedStreamEqualsUninterrupted() throws IOException {
    int n = 24 * 3 + 5; // over three epochs
    List<String> whole;
    try (PackedLoader l = new PackedLoader(dir, 9, true)) {
      assertEquals(24, l.size());
      whole = take(l, n);
    }
    for (int cut : new int[] {0, 1, 23, 24, 25, 50}) {
      List<String> parts = new ArrayList<>();
      String state;
      try (PackedLoader l = new PackedLoader(dir, 9, true)) {
        parts.addAll(take(l, cut));
        state = l.state();
      }
      try (PackedLoader l = new PackedLoader(dir, 9, true)) {
        l.restore(state);
        parts.addAll(take(l, n - cut));
      }
      assertEquals(whole, parts, "resumed after " + cut);
    }
  }

  @Test
  void everyEpochIsAPermutationAndEpochsDiffer() throws IOException {
    try (PackedLoader l = new PackedLoader(dir, 1, true)) {
      List<String> e0 = take(l, 24);
      List<String> e1 = take(l, 24);
      Set<String> a = new HashSet<>();
      Set<String> b = new HashSet<>();
      e0.forEach(k -> a.add(k.substring(k.indexOf(':') + 1)));
      e1.forEach(k -> b.add(k.substring(k.indexOf(':') + 1)));
      assertEquals(24, a.size());
      assertEquals(a, b);
      assertNotEquals(e0.stream().map(k -> k.substring(2)).toList(), e1.stream().map(k -> k.substring(2)).toList());
    }
    try (PackedLoader l = new PackedLoader(dir, 1, false)) {
      PackedLoader.Sample first = l.next();
      assertEquals("part-00000", first.shard());
      assertEquals(0, first.index());
    }
  }

  @Test
  void ranksSplitTheStream() throws IOException {
    List<String> whole;
    try (PackedLoader l = new PackedLoader(dir, 3, true)) {
      whole = take(l, 48);
    }
    List<String> merged = new ArrayList<>();
    try (PackedLoader r0 = new PackedLoader(dir, 3, true, 0, 2); PackedLoader r1 = new PackedLoader(dir, 3, true, 1, 2)) {
      for (int i = 0; i < 24; i++) {
        merged.add(key(r0.next()));
        merged.add(key(r1.next()));
      }
    }
    assertEquals(whole, merged);
  }

  @Test
  void refusesAStateOfOtherSettings() throws IOException {
    String state;
    try (PackedLoader l = new PackedLoader(dir, 3, true)) {
      l.next();
      state = l.state();
    }
    try (PackedLoader l = new PackedLoader(dir, 4, true)) {
      assertThrows(IOException.class, () -> l.restore(state));
    }
  }

  @Test
  void sampleDigestIsTheShortSha256OfLittleEndianIds() {
    assertEquals("0a1ce634879f6a48", new PackedLoader.Sample(0, 0, "part-00000", 0, new int[] {1, 2, -1}).digest());
    assertEquals("e3b0c44298fc1c14", new PackedLoader.Sample(0, 0, "part-00000", 0, new int[0]).digest());
  }
}
