package dev.kiln.local;

import java.util.Arrays;

/** Unsigned lexicographic byte order: the order of keys and values in every shuffle. */
final class Bytes {
  private Bytes() {}

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * Bytes {@code from} to {@code from + 7} as a big-endian long, zero padded past the end: of two
   * arrays, the prefixes compare unsigned as those bytes do, or are equal.
   */
  static long prefix(byte[] a, int from) {
    long p = 0;
    int n = Math.min(8, a.length - from);
    for (int i = 0; i < n; i++) {
      p |= (a[from + i] & 0xFFL) << (56 - 8 * i);
    }
    return p;
  }
}
