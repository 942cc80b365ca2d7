package dev.kiln.clean.text;

/** Fast 64-bit hashing of character ranges and of hash sequences (n-grams), for in-document counting. */
public final class Hash64 {
  private Hash64() {}

  private static final long P = 0x9E3779B97F4A7C15L;

  /**
   * A hash of {@code s[from, to)}: a multiply-xor over the chars, four at a time (the multiply is
   * the loop's critical path, so four chars share one), finished by a mixer.
   */
  public static long of(String s, int from, int to) {
    long h = 0x6A09E667F3BCC909L ^ (to - from);
    int i = from;
    for (; i + 4 <= to; i += 4) {
      long v = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48;
      h = (h ^ v) * P;
      h ^= h >>> 29;
    }
    for (; i < to; i++) {
      h = (h ^ s.charAt(i)) * P;
      h ^= h >>> 29;
    }
    return mix(h);
  }

  /** As {@link #of}, over lower-cased chars (ASCII fast path), for case-insensitive lookups. */
  public static long ofFolded(CharSequence s, int from, int to) {
    long h = 0x6A09E667F3BCC909L ^ (to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      c = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
      h = (h ^ c) * P;
      h ^= h >>> 29;
    }
    return mix(h);
  }

  /** A strong 64-bit finalizer (splitmix64): equal inputs map together, nearby inputs spread. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The base of the polynomial n-gram hash: H(a..b) = sum h_i * B^(b-i), wrapping mod 2^64. */
  public static final long BASE = 0x100000001B3L * 2 + 1;

  /** BASE^n mod 2^64. */
  public static long pow(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= BASE;
    }
    return r;
  }
}
