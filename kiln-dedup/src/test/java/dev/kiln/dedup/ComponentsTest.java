package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.Positions;
import dev.kiln.local.LocalEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentsTest {
  @TempDir
  Path tmp;

  /** Random graphs (paths, which need many label-propagation rounds, plus random edges) against union-find. */
  @Test
  void matchesUnionFind() {
    Random r = new Random(5);
    for (int trial = 0; trial < 4; trial++) {
      int n = 300 + r.nextInt(300);
      List<int[]> edges = new ArrayList<>();
      // A long path through shuffled nodes, then random edges.
      int[] perm = r.ints(0, n).distinct().limit(n / 3).toArray();
      for (int i = 1; i < perm.length; i++) {
        edges.add(new int[] {perm[i - 1], perm[i]});
      }
      for (int i = 0; i < n / 2; i++) {
        int a = r.nextInt(n);
        int b = r.nextInt(n);
        if (a != b) {
          edges.add(new int[] {a, b});
        }
      }
      MinHashDedupTest.UnionFind uf = new MinHashDedupTest.UnionFind(n);
      edges.forEach(e -> uf.union(e[0], e[1]));
      Map<Integer, Integer> got = run(edges, tmp.resolve("t" + trial));
      for (Map.Entry<Integer, Integer> e : got.entrySet()) {
        assertEquals(uf.find(e.getKey()), e.getValue(), "node " + e.getKey());
      }
      long touched = edges.stream().flatMapToInt(e -> java.util.stream.IntStream.of(e)).distinct().count();
      assertEquals(touched, got.size());
    }
  }

  record Part(int p) implements dev.kiln.core.engine.Split {
    @Override
    public String name() {
      return "part" + p;
    }

    @Override
    public long size() {
      return -1;
    }
  }

  private static Map<Integer, Integer> run(List<int[]> edges, Path dir) {
    try (LocalEngine engine = new LocalEngine(new LocalEngine.Options(dir.resolve("w"), dir.resolve("l"), 2, 16L << 20))) {
      Dataset<KV<byte[]>> ds = engine.read(List.of(new Part(0), new Part(1)), (s, ctx) -> {
        int p = ((Part) s).p();
        List<KV<byte[]>> mine = new ArrayList<>();
        for (int i = p; i < edges.size(); i += 2) {
          mine.add(new KV<>(Positions.key(0, edges.get(i)[0]), Positions.key(0, edges.get(i)[1])));
        }
        return CloseableIterator.of(mine.iterator());
      }, KV.codec(Keys.POSITION));
      Map<Integer, Integer> out = new HashMap<>();
      for (KV<byte[]> kv : Components.of(ds, 3).collect()) {
        out.put((int) Positions.index(kv.key()), (int) Positions.index(kv.value()));
        assertArrayEquals(kv.value(), Positions.key(0, Positions.index(kv.value())));
      }
      return out;
    }
  }
}
