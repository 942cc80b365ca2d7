package dev.kiln.pack.order;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.pack.packing.PackInput;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A lexical embedding that needs no model: TF-IDF over the document's token unigrams and bigrams,
 * hashed into 2^20 features, then a sparse random projection (each feature adds its weight with a
 * random sign to {@code SPREAD} of the output dimensions, a count sketch, which preserves dot
 * products in expectation) and L2 normalization. Token ids rather than words, so it works for any
 * language the tokenizer covers, Chinese included. IDF is computed over the documents embedded
 * together. Deterministic: a pure function of the tokens, the dimensions and the seed.
 */
public final class LexicalEmbedder implements Embedder {
  private static final long serialVersionUID = 1L;
  private static final int BITS = 20;
  private static final int SPREAD = 4;

  private final int dimensions;
  private final long seed;

  public LexicalEmbedder(int dimensions, long seed) {
    checkArgument(dimensions >= 8, "embedding dimensions must be at least 8, got " + dimensions);
    this.dimensions = dimensions;
    this.seed = seed;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public float[][] embed(PackInput in, int[] docs) {
    int[] tokens = in.tokens();
    int[] offsets = in.offsets();
    int[] df = new int[1 << BITS];
    int[][] features = new int[docs.length][];
    IntStream.range(0, docs.length).parallel().forEach(i -> features[i] = features(tokens, offsets[docs[i]], offsets[docs[i] + 1]));
    for (int[] f : features) {
      int prev = -1;
      for (int x : f) {
        if (x != prev) {
          df[x]++;
          prev = x;
        }
      }
    }
    double n = docs.length;
    float[] idf = new float[1 << BITS];
    for (int f = 0; f < idf.length; f++) {
      idf[f] = df[f] == 0 ? 0f : (float) (Math.log((n + 1) / (df[f] + 1)) + 1);
    }
    float[][] out = new float[docs.length][];
    IntStream.range(0, docs.length).parallel().forEach(i -> {
      out[i] = project(features[i], idf);
      features[i] = null;
    });
    return out;
  }

  /** Sorted hashed unigram and bigram features of tokens [from, to). */
  static int[] features(int[] tokens, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      return new int[0];
    }
    int[] f = new int[2 * n - 1];
    int k = 0;
    for (int i = from; i < to; i++) {
      f[k++] = bucket(mix(tokens[i] * 0x9E3779B97F4A7C15L + 1));
      if (i + 1 < to) {
        f[k++] = bucket(mix(tokens[i] * 0xC2B2AE3D27D4EB4FL ^ (tokens[i + 1] + 0x165667B19E3779F9L)));
      }
    }
    Arrays.sort(f);
    return f;
  }

  private float[] project(int[] f, float[] idf) {
    float[] v = new float[dimensions];
    int i = 0;
    while (i < f.length) {
      int x = f[i];
      int tf = 0;
      while (i < f.length && f[i] == x) {
        tf++;
        i++;
      }
      float w = (float) (1 + Math.log(tf)) * idf[x];
      long h = mix(x ^ seed);
      for (int s = 0; s < SPREAD; s++) {
        long hs = mix(h + s * 0x9E3779B97F4A7C15L);
        int dim = (int) Long.remainderUnsigned(hs >>> 1, dimensions);
        v[dim] += (hs & 1) == 0 ? w : -w;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < v.length; d++) {
        v[d] *= inv;
      }
    }
    return v;
  }

  private static int bucket(long h) {
    return (int) (h >>> (64 - BITS));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Dot product of two vectors (their cosine, as both are unit length). */
  public static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
