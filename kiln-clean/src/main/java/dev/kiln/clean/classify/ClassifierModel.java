package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A trained fastText-style classifier: hashed features ({@link TextFeatures}) are looked up in an
 * embedding table, averaged into a hidden vector of {@code dim} numbers, multiplied by one output
 * vector per label, and turned into probabilities by softmax. Immutable and thread-safe.
 *
 * <p>Only the embedding rows that training touched are kept (a feature training never saw has a
 * zero row: it carries no evidence, but still counts in the average, so text that is mostly unknown
 * gets less confident scores).
 *
 * <p>File format (big-endian), version 1:
 * <pre>
 * bytes[8]  "KILNCLS\0"
 * int       format version (1)
 * int       dim, buckets, word n-grams, minn, maxn, max chars, preprocessing flags (bit 0: mail body)
 * int       label count L, then L strings          (string = int byte length + UTF-8 bytes)
 * int       info count I, then I (key, value) strings (how the model was trained)
 * float     L x dim output matrix, row per label
 * int       row count R, then R x (int bucket, float[dim]), buckets ascending
 * long      CRC-32 of every byte before it
 * </pre>
 */
public final class ClassifierModel {
  static final byte[] MAGIC = "KILNCLS\0".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** Preprocessing flag: drop an RFC 822 header block at the start of the text (see {@link MailText}). */
  public static final int MAIL_BODY = 1;

  private final List<String> labels;
  private final int dim;
  private final TextFeatures features;
  private final int flags;
  private final Map<String, String> info;
  private final float[] output; // labels x dim
  // Embedding rows, in bucket order. A bit per bucket says whether it has a row, and the row is the
  // number of set bits before it (a count per 64-bit word plus a popcount): both tables are small
  // enough for the CPU caches, where a hash table from bucket to row was megabytes and missed them.
  private final long[] present;
  private final int[] rank;
  private final float[] rows;
  private final int rowCount;

  ClassifierModel(List<String> labels, int dim, TextFeatures features, int flags, Map<String, String> info, float[] output,
      int[] rowBuckets, float[] rows) {
    checkArgument(labels.size() >= 2, "a classifier needs at least two labels, got " + labels);
    for (String l : labels) {
      checkArgument(!l.equals(ClassifyStage.LABEL_KEY), "'" + l + "' cannot be a label: it is the metadata key of the best label");
    }
    this.labels = List.copyOf(labels);
    this.dim = dim;
    this.features = features;
    this.flags = flags;
    this.info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    this.output = output;
    this.rows = rows;
    this.rowCount = rowBuckets.length;
    this.present = new long[(features.buckets() + 63) >>> 6];
    for (int r = 0; r < rowCount; r++) {
      int k = rowBuckets[r];
      if (r > 0 && k <= rowBuckets[r - 1]) {
        throw new IllegalArgumentException("row buckets must be strictly ascending, got " + rowBuckets[r - 1] + " then " + k);
      }
      present[k >>> 6] |= 1L << k;
    }
    this.rank = new int[present.length];
    for (int w = 1; w < present.length; w++) {
      rank[w] = rank[w - 1] + Long.bitCount(present[w - 1]);
    }
  }

  public List<String> labels() {
    return labels;
  }

  public int dim() {
    return dim;
  }

  public TextFeatures features() {
    return features;
  }

  public int flags() {
    return flags;
  }

  /** How the model was trained (examples, epochs, seed, inputs...). */
  public Map<String, String> info() {
    return info;
  }

  /** Embedding rows kept in the model. */
  public int rowCount() {
    return rowCount;
  }

  /** The text the features are computed on, after the model's preprocessing. */
  public String prepare(String text) {
    return (flags & MAIL_BODY) != 0 ? MailText.body(text) : text;
  }

  private static final ThreadLocal<TextFeatures.Sink> SINK = ThreadLocal.withInitial(TextFeatures.Sink::new);

  /** Label probabilities (summing to 1), in {@link #labels()} order. */
  public double[] predict(String text) {
    TextFeatures.Sink sink = SINK.get();
    features.features(prepare(text), sink);
    float[] hidden = new float[dim];
    int[] ids = sink.ids;
    int n = sink.size;
    for (int i = 0; i < n; i++) {
      int r = row(ids[i]);
      if (r >= 0) {
        int off = r * dim;
        for (int j = 0; j < dim; j++) {
          hidden[j] += rows[off + j];
        }
      }
    }
    if (n > 0) {
      float inv = 1f / n;
      for (int j = 0; j < dim; j++) {
        hidden[j] *= inv;
      }
    }
    return softmax(output, hidden, labels.size(), dim);
  }

  static double[] softmax(float[] output, float[] hidden, int nLabels, int dim) {
    double[] p = new double[nLabels];
    softmax(output, hidden, nLabels, dim, p);
    return p;
  }

  /** Label probabilities of a hidden vector into {@code p}: the model's output layer, then softmax (shared with training). */
  static void softmax(float[] output, float[] hidden, int nLabels, int dim, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int l = 0; l < nLabels; l++) {
      double s = 0;
      int off = l * dim;
      for (int j = 0; j < dim; j++) {
        s += output[off + j] * hidden[j];
      }
      p[l] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int l = 0; l < nLabels; l++) {
      p[l] = Math.exp(p[l] - max);
      sum += p[l];
    }
    for (int l = 0; l < nLabels; l++) {
      p[l] /= sum;
    }
  }

  /** Index of the largest value (the first on ties). */
  public static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  private int row(int bucket) {
    long bits = present[bucket >>> 6];
    long bit = 1L << bucket;
    if ((bits & bit) == 0) {
      return -1;
    }
    return rank[bucket >>> 6] + Long.bitCount(bits & (bit - 1));
  }

  // ---------------------------------------------------------------- file format

  /** Writes the model to a file (through a temporary file, so a reader never sees half a model). */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // A sibling temporary file with the usual permissions (createTempFile would make it owner-only).
    Path tmp = parent.resolve(file.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
    try {
      try (OutputStream os = Files.newOutputStream(tmp)) {
        write(os);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The model's bytes in the file format above. */
  public void write(OutputStream os) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new java.util.zip.CheckedOutputStream(os, crc), 1 << 16));
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(dim);
    out.writeInt(features.buckets());
    out.writeInt(features.wordNgrams());
    out.writeInt(features.minn());
    out.writeInt(features.maxn());
    out.writeInt(features.maxChars());
    out.writeInt(flags);
    out.writeInt(labels.size());
    for (String l : labels) {
      writeString(out, l);
    }
    out.writeInt(info.size());
    for (Map.Entry<String, String> e : info.entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    for (float f : output) {
      out.writeFloat(f);
    }
    int[] order = rowBuckets();
    out.writeInt(order.length);
    for (int bucket : order) {
      out.writeInt(bucket);
      int off = row(bucket) * dim;
      for (int j = 0; j < dim; j++) {
        out.writeFloat(rows[off + j]);
      }
    }
    out.flush();
    out.writeLong(crc.getValue());
    out.flush();
  }

  /** The buckets that have a row, ascending. */
  int[] rowBuckets() {
    int[] b = new int[rowCount];
    int n = 0;
    for (int w = 0; w < present.length; w++) {
      for (long bits = present[w]; bits != 0; bits &= bits - 1) {
        b[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
      }
    }
    return b;
  }

  public static ClassifierModel load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return read(bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  static ClassifierModel read(byte[] bytes) {
    checkArgument(!(bytes.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)), "not a Kiln classifier model (no KILNCLS header)");
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    in.position(MAGIC.length);
    int version = in.getInt();
    checkArgument(version == VERSION, "classifier model format version " + version + " is not supported (this build reads version " + VERSION + ")");
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
    checkArgument(stored == crc.getValue(), "classifier model is corrupt (checksum mismatch)");
    int dim = in.getInt();
    int buckets = in.getInt();
    int wordNgrams = in.getInt();
    int minn = in.getInt();
    int maxn = in.getInt();
    int maxChars = in.getInt();
    int flags = in.getInt();
    int nLabels = in.getInt();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < nLabels; i++) {
      labels.add(readString(in));
    }
    int nInfo = in.getInt();
    Map<String, String> info = new LinkedHashMap<>();
    for (int i = 0; i < nInfo; i++) {
      info.put(readString(in), readString(in));
    }
    float[] output = new float[nLabels * dim];
    in.asFloatBuffer().get(output);
    in.position(in.position() + output.length * 4);
    int nRows = in.getInt();
    int[] rowBuckets = new int[nRows];
    float[] rows = new float[nRows * dim];
    for (int r = 0; r < nRows; r++) {
      rowBuckets[r] = in.getInt();
      if (rowBuckets[r] < 0 || rowBuckets[r] >= buckets) {
        throw new IllegalArgumentException("classifier model is corrupt (row bucket " + rowBuckets[r] + " out of range)");
      }
      in.asFloatBuffer().get(rows, r * dim, dim);
      in.position(in.position() + dim * 4);
    }
    checkArgument(in.position() == bytes.length - 8, "classifier model is corrupt (" + (bytes.length - 8 - in.position()) + " unexpected bytes)");
    return new ClassifierModel(labels, dim, new TextFeatures(buckets, wordNgrams, minn, maxn, maxChars), flags, info, output, rowBuckets, rows);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) {
    int n = in.getInt();
    checkArgument(n >= 0 && n <= in.remaining(), "classifier model is corrupt (bad string length " + n + ")");
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
