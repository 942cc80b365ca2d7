package dev.kiln.dedup;

import dev.kiln.core.util.Hashing;
import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures and LSH band keys. Permutation i maps a 64-bit shingle hash x to the high 32
 * bits of {@code a_i * x + b_i} (multiply-shift, a_i odd), a universal family; the signature keeps
 * the minimum per permutation. Band j hashes signature values [j*rows, (j+1)*rows).
 */
public final class MinHasher implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] a;
  private final long[] b;
  private final int bands;
  private final int rows;

  public MinHasher(int numPerm, int bands, int rows, long seed) {
    checkArgument(numPerm >= 1 && bands >= 1 && rows >= 1 && bands * rows <= numPerm, "need bands x rows <= num_perm, got " + bands + " x " + rows + " > " + numPerm);
    SplittableRandom r = new SplittableRandom(seed);
    a = new long[numPerm];
    b = new long[numPerm];
    for (int i = 0; i < numPerm; i++) {
      a[i] = r.nextLong() | 1;
      b[i] = r.nextLong();
    }
    this.bands = bands;
    this.rows = rows;
  }

  public int numPerm() {
    return a.length;
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /** Unsigned 32-bit minimums per permutation, as longs; empty for an empty set. */
  public long[] signature(long[] shingles) {
    if (shingles.length == 0) {
      return new long[0];
    }
    int k = a.length;
    long[] sig = new long[k];
    java.util.Arrays.fill(sig, Long.MAX_VALUE);
    for (long x : shingles) {
      for (int i = 0; i < k; i++) {
        long v = (a[i] * x + b[i]) >>> 32;
        if (v < sig[i]) {
          sig[i] = v;
        }
      }
    }
    return sig;
  }

  /** One 64-bit key per band; empty for an empty signature. */
  public long[] bandKeys(long[] sig) {
    if (sig.length == 0) {
      return new long[0];
    }
    long[] keys = new long[bands];
    for (int j = 0; j < bands; j++) {
      long h = 0x2545F4914F6CDD1DL * (j + 1);
      for (int i = j * rows; i < (j + 1) * rows; i++) {
        h = Hashing.fmix(h ^ sig[i]) + i;
      }
      keys[j] = h;
    }
    return keys;
  }

  /** Share of equal signature positions, an estimate of the Jaccard similarity. */
  public static double estimate(long[] sigA, long[] sigB) {
    if (sigA.length == 0 || sigA.length != sigB.length) {
      return sigA.length == sigB.length ? 1 : 0;
    }
    int eq = 0;
    for (int i = 0; i < sigA.length; i++) {
      if (sigA[i] == sigB[i]) {
        eq++;
      }
    }
    return (double) eq / sigA.length;
  }
}
