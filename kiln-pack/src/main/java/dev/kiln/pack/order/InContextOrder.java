package dev.kiln.pack.order;

import static dev.kiln.core.util.Preconditions.checkArgument;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * In-Context Pretraining order (Shi et al., ICLR 2024): an approximate kNN graph over document
 * embeddings (HNSW, hnswlib-core), near-identical neighbours removed, then a greedy path: start at
 * an unvisited document of lowest degree, always step to the most similar unvisited neighbour, and
 * when stuck jump to the next unvisited document of lowest degree; every document is used once.
 * Concatenating along the path puts related documents in the same context.
 *
 * <p>Deterministic: nodes are inserted one by one in input order (hnswlib-core 1.2.0 draws levels
 * from a hash of the id), searches are read-only, and every tie is broken by document index.
 */
public final class InContextOrder {
  /** Parameters: neighbours per document, near-duplicate cosine, and whether near duplicates are dropped. */
  public record Options(int neighbours, double duplicateCosine, boolean dropDuplicates, int m, int efConstruction, long seed) {
    public Options {
      checkArgument(neighbours >= 1, "neighbours must be at least 1");
    }

    public static Options defaults() {
      return new Options(10, 0.9, true, 8, 32, 0);
    }
  }

  /** The path, the documents dropped as near duplicates, and how similar adjacent documents are. */
  public record Result(int[] order, int[] duplicates, double meanAdjacentSimilarity, double randomAdjacentSimilarity,
      int jumps, double secondsGraph, double secondsPath, double cpuSecondsBuild) {}

  private InContextOrder() {}

  record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  /**
   * Orders {@code docs} (any document numbers) whose embeddings are {@code vectors[i]} for
   * {@code docs[i]}; returns document numbers.
   */
  public static Result order(int[] docs, float[][] vectors, Options opt) {
    int n = docs.length;
    if (n == 0) {
      return new Result(new int[0], new int[0], 0, 0, 0, 0, 0, 0);
    }
    long t0 = System.nanoTime();
    int k = Math.min(opt.neighbours(), n - 1);
    double cpuBuild = 0;
    int[][] nbr = new int[n][];
    float[][] sim = new float[n][];
    if (k > 0) {
      HnswIndex<Integer, float[], Vec, Float> index = HnswIndex
          .newBuilder(vectors[0].length, DistanceFunctions.FLOAT_INNER_PRODUCT, n)
          .withM(opt.m()).withEfConstruction(opt.efConstruction()).withEf(Math.max(2 * k, 32))
          .build();
      long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        index.add(new Vec(i, vectors[i]));
      }
      cpuBuild = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
      IntStream.range(0, n).parallel().forEach(i -> {
        List<SearchResult<Vec, Float>> found = index.findNearest(vectors[i], k + 1);
        int[] ids = new int[k];
        float[] s = new float[k];
        int c = 0;
        for (SearchResult<Vec, Float> r : found) {
          int j = r.item().id();
          if (j != i && c < k) {
            ids[c] = j;
            s[c] = LexicalEmbedder.dot(vectors[i], vectors[j]);
            c++;
          }
        }
        nbr[i] = Arrays.copyOf(ids, c);
        sim[i] = Arrays.copyOf(s, c);
      });
    } else {
      nbr[0] = new int[0];
      sim[0] = new float[0];
    }
    // near duplicates: a document too close to an earlier kept one
    boolean[] dropped = new boolean[n];
    int duplicates = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < nbr[i].length; c++) {
        int j = nbr[i][c];
        if (sim[i][c] > opt.duplicateCosine() && j < i && !dropped[j]) {
          if (opt.dropDuplicates()) {
            dropped[i] = true;
            duplicates++;
          }
          break;
        }
      }
    }
    // undirected weighted graph over kept documents, without near-duplicate edges
    int[] degree = new int[n];
    long[][] edges = new long[n][];
    int[] edgeCount = new int[n];
    for (int i = 0; i < n; i++) {
      edges[i] = new long[Math.max(4, nbr[i].length * 2)];
    }
    for (int i = 0; i < n; i++) {
      if (dropped[i]) {
        continue;
      }
      for (int c = 0; c < nbr[i].length; c++) {
        int j = nbr[i][c];
        if (dropped[j] || sim[i][c] > opt.duplicateCosine()) {
          continue;
        }
        addEdge(edges, edgeCount, i, j, sim[i][c]);
        addEdge(edges, edgeCount, j, i, sim[i][c]);
      }
    }
    for (int i = 0; i < n; i++) {
      // most similar first, ties by index; duplicates (both directions found) collapse
      long[] e = Arrays.copyOf(edges[i], edgeCount[i]);
      Arrays.sort(e);
      int u = 0;
      for (int x = 0; x < e.length; x++) {
        if (x == 0 || e[x] != e[x - 1]) {
          e[u++] = e[x];
        }
      }
      edges[i] = Arrays.copyOf(e, u);
      degree[i] = u;
    }
    long t1 = System.nanoTime();
    // starts: kept documents by degree, then index
    int kept = n - duplicates;
    long[] byDegree = new long[kept];
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (!dropped[i]) {
        byDegree[b++] = ((long) degree[i] << 32) | i;
      }
    }
    Arrays.sort(byDegree);
    boolean[] visited = new boolean[n];
    int[] cursor = new int[n];
    int[] path = new int[kept];
    int p = 0;
    int jumps = 0;
    int nextStart = 0;
    while (p < kept) {
      while (visited[(int) byDegree[nextStart]]) {
        nextStart++;
      }
      int cur = (int) byDegree[nextStart];
      if (p > 0) {
        jumps++;
      }
      while (cur >= 0) {
        visited[cur] = true;
        path[p++] = cur;
        int next = -1;
        long[] e = edges[cur];
        while (cursor[cur] < e.length) {
          int j = (int) e[cursor[cur]];
          if (!visited[j]) {
            next = j;
            break;
          }
          cursor[cur]++;
        }
        cur = next;
      }
    }
    long t2 = System.nanoTime();
    int[] order = new int[kept];
    for (int i = 0; i < kept; i++) {
      order[i] = docs[path[i]];
    }
    int[] dups = new int[duplicates];
    int d = 0;
    for (int i = 0; i < n; i++) {
      if (dropped[i]) {
        dups[d++] = docs[i];
      }
    }
    return new Result(order, dups, meanAdjacent(path, vectors), meanAdjacent(randomPath(path, opt.seed()), vectors),
        jumps, (t1 - t0) / 1e9, (t2 - t1) / 1e9, cpuBuild);
  }

  /** Edge key: similarity descending, then neighbour index ascending, in one sortable long. */
  private static void addEdge(long[][] edges, int[] count, int from, int to, float s) {
    if (count[from] == edges[from].length) {
      edges[from] = Arrays.copyOf(edges[from], edges[from].length * 2);
    }
    // a float's bits made monotone as a signed int, then inverted: higher similarity sorts first
    int bits = Float.floatToIntBits(s);
    int key = ~(bits ^ ((bits >> 31) & 0x7fffffff));
    edges[from][count[from]++] = ((long) key << 32) | to;
  }

  static int[] randomPath(int[] path, long seed) {
    int[] r = path.clone();
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
    for (int i = r.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = r[i];
      r[i] = r[j];
      r[j] = t;
    }
    return r;
  }

  /** Mean cosine of consecutive documents along a path (indices into vectors). */
  public static double meanAdjacent(int[] path, float[][] vectors) {
    if (path.length < 2) {
      return 0;
    }
    double s = 0;
    for (int i = 1; i < path.length; i++) {
      s += LexicalEmbedder.dot(vectors[path[i - 1]], vectors[path[i]]);
    }
    return s / (path.length - 1);
  }
}
