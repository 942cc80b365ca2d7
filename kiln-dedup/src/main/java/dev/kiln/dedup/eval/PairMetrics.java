package dev.kiln.dedup.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pair precision and recall of a clustering against true duplicate pairs. Predicted pairs are the
 * pairs of documents placed in one cluster. Two truths are measured: {@code closure} (pairs in one
 * connected component of the true-pair graph: what any dedup that removes all but one of a
 * component is judged against) and {@code strict} (the measured pairs alone, so a cluster holding
 * A-B and B-C with J(A, C) < t counts A-C as a false positive).
 */
public record PairMetrics(long truePairs, long predictedPairs, double precision, double recall, double strictPrecision, double strictRecall) {

  /** @param labels cluster label per document; @param truth pairs {i, j} of documents */
  public static PairMetrics of(int[] labels, List<int[]> truth) {
    int n = labels.length;
    int[] comp = components(n, truth);
    Map<Integer, Long> pred = new HashMap<>();
    Map<Integer, Long> tru = new HashMap<>();
    Map<Long, Long> cell = new HashMap<>();
    for (int i = 0; i < n; i++) {
      pred.merge(labels[i], 1L, Long::sum);
      tru.merge(comp[i], 1L, Long::sum);
      cell.merge(((long) comp[i] << 32) | (labels[i] & 0xffffffffL), 1L, Long::sum);
    }
    long predPairs = pairs(pred);
    long truePairs = pairs(tru);
    long both = pairs(cell);
    long strictHit = 0;
    for (int[] p : truth) {
      if (labels[p[0]] == labels[p[1]]) {
        strictHit++;
      }
    }
    return new PairMetrics(truePairs, predPairs, predPairs == 0 ? 1 : (double) both / predPairs, truePairs == 0 ? 1 : (double) both / truePairs,
        predPairs == 0 ? 1 : (double) strictHit / predPairs, truth.isEmpty() ? 1 : (double) strictHit / truth.size());
  }

  private static long pairs(Map<?, Long> sizes) {
    long s = 0;
    for (long k : sizes.values()) {
      s += k * (k - 1) / 2;
    }
    return s;
  }

  /** Component label (smallest member) per node. */
  public static int[] components(int n, List<int[]> edges) {
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int[] e : edges) {
      int a = find(parent, e[0]);
      int b = find(parent, e[1]);
      if (a != b) {
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    for (int i = 0; i < n; i++) {
      parent[i] = find(parent, i);
    }
    return parent;
  }

  private static int find(int[] p, int x) {
    while (p[x] != x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
}
