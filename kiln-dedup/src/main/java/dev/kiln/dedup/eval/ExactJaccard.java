package dev.kiln.dedup.eval;

import dev.kiln.dedup.Shingles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pair of sets with Jaccard similarity at or above t, exactly: the prefix-filtering join
 * (Bayardo et al., "Scaling Up All Pairs Similarity Search", WWW 2007). Under any global order of
 * the elements, two sets with J >= t share an element among the first |x| - ceil(t |x|) + 1 of
 * each; sets are visited by size, so only earlier (smaller) sets of size >= t |x| are candidates.
 * The truth for benchmarks; not for corpora (it holds the sets in memory).
 */
public final class ExactJaccard {
  private ExactJaccard() {}

  /** Pairs {i, j} (i < j) of non-empty sorted distinct sets with Jaccard >= t. */
  public static List<int[]> pairs(List<long[]> sets, double t) {
    Integer[] order = new Integer[sets.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> sets.get(a).length != sets.get(b).length ? Integer.compare(sets.get(a).length, sets.get(b).length) : Integer.compare(a, b));
    Map<Long, List<Integer>> index = new HashMap<>();
    List<int[]> out = new ArrayList<>();
    int[] seenAt = new int[sets.size()];
    Arrays.fill(seenAt, -1);
    for (int x : order) {
      long[] s = sets.get(x);
      if (s.length == 0) {
        continue;
      }
      int prefix = s.length - (int) Math.ceil(t * s.length - 1e-9) + 1;
      for (int k = 0; k < prefix; k++) {
        List<Integer> posting = index.get(s[k]);
        if (posting == null) {
          continue;
        }
        for (int y : posting) {
          if (seenAt[y] == x || sets.get(y).length < t * s.length - 1e-9) {
            continue;
          }
          seenAt[y] = x;
          if (Shingles.jaccard(s, sets.get(y)) >= t) {
            out.add(new int[] {Math.min(x, y), Math.max(x, y)});
          }
        }
      }
      for (int k = 0; k < prefix; k++) {
        index.computeIfAbsent(s[k], z -> new ArrayList<>()).add(x);
      }
    }
    out.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    return out;
  }
}
