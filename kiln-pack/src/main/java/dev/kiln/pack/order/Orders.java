package dev.kiln.pack.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/** Document orders for packing: seeded shuffles and grouping by a key. */
public final class Orders {
  private Orders() {}

  /** A seeded Fisher-Yates shuffle of {@code docs} (a new array). */
  public static int[] shuffled(int[] docs, long seed) {
    int[] o = docs.clone();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = o.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
    return o;
  }

  /**
   * Documents grouped by key: groups in order of their keys (string order, so the layout is
   * stable), documents within a group in the given order; with {@code shuffle}, groups and members
   * are shuffled with the seed instead.
   */
  public static int[] grouped(int[] docs, IntFunction<String> key, boolean shuffle, long seed) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int d : docs) {
      groups.computeIfAbsent(key.apply(d), k -> new ArrayList<>()).add(d);
    }
    List<String> keys = new ArrayList<>(groups.keySet());
    keys.sort(null);
    if (shuffle) {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = keys.size() - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        String t = keys.get(i);
        keys.set(i, keys.get(j));
        keys.set(j, t);
      }
    }
    int[] out = new int[docs.length];
    int k = 0;
    int g = 0;
    for (String key0 : keys) {
      int[] members = groups.get(key0).stream().mapToInt(Integer::intValue).toArray();
      if (shuffle) {
        members = shuffled(members, seed * 31 + (++g));
      }
      System.arraycopy(members, 0, out, k, members.length);
      k += members.length;
    }
    return out;
  }
}
