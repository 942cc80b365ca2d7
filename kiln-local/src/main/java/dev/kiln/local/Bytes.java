package dev.kiln.local;

import java.util.Arrays;

/** Unsigned lexicographic byte order: the order of keys and values in every shuffle. */
final class Bytes {
  private Bytes() {}

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
