package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Trains a {@link ClassifierModel} the way fastText's supervised mode does: average the embedding
 * rows of a document's features, softmax over labels, plain SGD on the cross-entropy with a
 * learning rate that falls linearly to zero over all epochs. Single-threaded and seeded (row
 * initialization and the per-epoch shuffle), and Java's float arithmetic is the same everywhere,
 * so the same examples and config give a byte-identical model file on any machine.
 */
public final class Trainer {
  private Trainer() {}

  /** Training hyper-parameters; {@link #defaults()} are good for the corpora here. */
  public record Config(int dim, int epochs, double lr, int buckets, int wordNgrams, int minn, int maxn, int maxChars,
      int maxRows, boolean mailBody, long seed) {
    public Config {
      checkArgument(dim >= 1 && dim <= 1024, "dim must be in 1..1024, got " + dim);
      checkArgument(epochs >= 1, "epochs must be >= 1, got " + epochs);
      checkArgument(lr > 0 && lr <= 10, "lr must be in (0, 10], got " + lr);
      checkArgument((long) buckets * dim <= Integer.MAX_VALUE - 8, "buckets x dim must fit one Java array, got " + buckets + " x " + dim);
      checkArgument(maxRows >= 0, "max rows must be >= 0 (0 = keep all), got " + maxRows);
      new TextFeatures(buckets, wordNgrams, minn, maxn, maxChars); // checks the feature settings
    }

    public static Config defaults() {
      return new Config(16, 5, 0.5, 1 << 21, 2, 3, 5, 2000, 100_000, false, 1);
    }

    public Config withSeed(long s) {
      return new Config(dim, epochs, lr, buckets, wordNgrams, minn, maxn, maxChars, maxRows, mailBody, s);
    }

    public Config withMailBody(boolean m) {
      return new Config(dim, epochs, lr, buckets, wordNgrams, minn, maxn, maxChars, maxRows, m, seed);
    }
  }

  /** Documents' features kept in memory across epochs up to this many (id, count) pairs (8 bytes each); the rest are recomputed. */
  static final long CACHE_PAIRS = 24L << 20;

  /**
   * Trains on the examples (at least two distinct labels). Labels are sorted, so the model does not
   * depend on example order beyond the seeded shuffle. {@code info} is stored in the model file.
   */
  public static ClassifierModel train(List<Example> examples, Config cfg, Map<String, String> info, Consumer<String> log) {
    TreeSet<String> labelSet = new TreeSet<>();
    for (Example e : examples) {
      labelSet.add(e.label());
    }
    checkArgument(labelSet.size() >= 2, "training needs examples of at least two labels, got " + labelSet);
    List<String> labels = new ArrayList<>(labelSet);
    int nLabels = labels.size();
    int dim = cfg.dim();
    int flags = cfg.mailBody() ? ClassifierModel.MAIL_BODY : 0;
    TextFeatures tf = new TextFeatures(cfg.buckets(), cfg.wordNgrams(), cfg.minn(), cfg.maxn(), cfg.maxChars());
    int n = examples.size();
    int[] gold = new int[n];
    int[][] cached = new int[n][];
    long cachedIds = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Example e = examples.get(i);
      gold[i] = labels.indexOf(e.label());
      if (cachedIds < CACHE_PAIRS) {
        cached[i] = counted(tf.features(prepare(e.text(), flags)));
        cachedIds += cached[i].length / 2;
      }
    }
    log.accept(String.format("features: %d examples, %d labels, %,d distinct features per document summed, cached (%.1f s)", n, nLabels, cachedIds, (System.nanoTime() - t0) / 1e9));

    SplittableRandom init = new SplittableRandom(cfg.seed());
    float[] in = new float[cfg.buckets() * dim];
    float bound = 1f / dim;
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) ((init.nextDouble() * 2 - 1) * bound);
    }
    boolean[] touched = new boolean[cfg.buckets()];
    float[] out = new float[nLabels * dim];
    float[] hidden = new float[dim];
    float[] grad = new float[dim];
    double[] p = new double[nLabels];
    Random shuffle = new Random(cfg.seed() * 0x9e3779b97f4a7c15L + 17);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    long total = (long) cfg.epochs() * n;
    long step = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      long te = System.nanoTime();
      for (int i = n - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double loss = 0;
      for (int k = 0; k < n; k++) {
        int ex = order[k];
        int[] ids = cached[ex] != null ? cached[ex] : counted(tf.features(prepare(examples.get(ex).text(), flags)));
        float lr = (float) (cfg.lr() * (1.0 - (double) step / total));
        step++;
        if (ids.length == 0) {
          continue;
        }
        java.util.Arrays.fill(hidden, 0f);
        int count = 0;
        for (int f = 0; f < ids.length; f += 2) {
          int off = ids[f] * dim;
          float c = ids[f + 1];
          count += ids[f + 1];
          for (int j = 0; j < dim; j++) {
            hidden[j] += c * in[off + j];
          }
        }
        float inv = 1f / count;
        for (int j = 0; j < dim; j++) {
          hidden[j] *= inv;
        }
        ClassifierModel.softmax(out, hidden, nLabels, dim, p);
        java.util.Arrays.fill(grad, 0f);
        for (int l = 0; l < nLabels; l++) {
          float alpha = lr * ((l == gold[ex] ? 1f : 0f) - (float) p[l]);
          int off = l * dim;
          for (int j = 0; j < dim; j++) {
            grad[j] += alpha * out[off + j];
            out[off + j] += alpha * hidden[j];
          }
        }
        loss -= Math.log(Math.max(p[gold[ex]], 1e-12));
        for (int j = 0; j < dim; j++) {
          grad[j] *= inv;
        }
        for (int f = 0; f < ids.length; f += 2) {
          touched[ids[f]] = true;
          int off = ids[f] * dim;
          float c = ids[f + 1];
          for (int j = 0; j < dim; j++) {
            in[off + j] += c * grad[j];
          }
        }
      }
      log.accept(String.format("epoch %d/%d: loss %.4f, lr %.4f (%.1f s)", epoch + 1, cfg.epochs(), loss / Math.max(1, n),
          cfg.lr() * (1.0 - (double) step / total), (System.nanoTime() - te) / 1e9));
    }
    int nRows = keepStrongest(touched, in, dim, cfg.maxRows());
    int[] rowBuckets = new int[nRows];
    float[] rows = new float[nRows * dim];
    int r = 0;
    for (int b = 0; b < touched.length; b++) {
      if (touched[b]) {
        rowBuckets[r] = b;
        System.arraycopy(in, b * dim, rows, r * dim, dim);
        r++;
      }
    }
    Map<String, String> meta = new LinkedHashMap<>(info);
    meta.put("examples", Integer.toString(n));
    meta.put("epochs", Integer.toString(cfg.epochs()));
    meta.put("lr", Double.toString(cfg.lr()));
    meta.put("seed", Long.toString(cfg.seed()));
    meta.put("max_rows", Integer.toString(cfg.maxRows()));
    return new ClassifierModel(labels, dim, tf, flags, meta, out, rowBuckets, rows);
  }

  /**
   * Keeps the {@code maxRows} touched rows with the largest norms (0 = all; ties to the lower
   * bucket), as fastText's quantize cutoff does: most rows are features seen a few times, which
   * barely move a score, and a smaller table is faster to score with (fewer cache misses).
   * Returns the number of rows kept.
   */
  static int keepStrongest(boolean[] touched, float[] in, int dim, int maxRows) {
    int count = 0;
    for (boolean b : touched) {
      count += b ? 1 : 0;
    }
    if (maxRows == 0 || count <= maxRows) {
      return count;
    }
    // Sort (norm, bucket) keys: a non-negative float's bits order like the float.
    long[] keys = new long[count];
    int k = 0;
    for (int b = 0; b < touched.length; b++) {
      if (touched[b]) {
        float q = 0;
        for (int j = 0; j < dim; j++) {
          q += in[b * dim + j] * in[b * dim + j];
        }
        keys[k++] = (long) (Integer.MAX_VALUE - Float.floatToIntBits(q)) << 32 | b;
      }
    }
    java.util.Arrays.sort(keys);
    for (int i = maxRows; i < count; i++) {
      touched[(int) keys[i]] = false;
    }
    return maxRows;
  }

  /**
   * Feature ids as (id, count) pairs, ids ascending: a feature seen k times is updated once with k
   * times the gradient (the same sum as k updates), and the table is walked in address order.
   */
  static int[] counted(int[] ids) {
    int[] sorted = ids.clone();
    java.util.Arrays.sort(sorted);
    int[] out = new int[2 * sorted.length];
    int n = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      out[n++] = sorted[i];
      out[n++] = j - i;
      i = j;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  static String prepare(String text, int flags) {
    return (flags & ClassifierModel.MAIL_BODY) != 0 ? MailText.body(text) : text;
  }
}
