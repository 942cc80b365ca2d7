package dev.kiln.local;

import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Partitioner;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The map side of a shuffle for one task: buffers (partition, key, value) records up to a memory
 * budget, then sorts and spills them as one file of per-partition sorted segments. The segment
 * offsets go to an index beside it, so the reduce side reads only its own partition.
 */
final class ShuffleWriter {
  /** What a buffered record costs beyond its bytes: the record (header, partition, three prefixes, two references), two array headers, a list slot. */
  private static final int OVERHEAD = 88;

  /** A buffered record; {@code k0}, {@code k1}, {@code k2}: its key's bytes 0-7, 8-15, 16-23 ({@link Bytes#prefix}). */
  private record Rec(int partition, long k0, long k1, long k2, byte[] key, byte[] value) {}

  /** Partition, then key, then value bytes. */
  private static final Comparator<Rec> ORDER = (x, y) -> {
    int c = Integer.compare(x.partition, y.partition);
    if (c == 0) {
      c = compareKeys(x.k0, x.k1, x.k2, x.key, y.k0, y.k1, y.k2, y.key);
    }
    return c != 0 ? c : Bytes.compare(x.value, y.value);
  };

  /**
   * {@link Bytes#compare} of two keys given with their prefixes: these compare unsigned as the key
   * bytes do, so most comparisons (every one between keys of at most 24 bytes: positions, pairs of
   * them) end without touching the arrays; two keys of at most 24 bytes with equal prefixes differ only in trailing zeros, where the shorter is a prefix of the longer
   * and comes first.
   */
  static int compareKeys(long x0, long x1, long x2, byte[] x, long y0, long y1, long y2, byte[] y) {
    int c = Long.compareUnsigned(x0, y0);
    if (c == 0) {
      c = Long.compareUnsigned(x1, y1);
    }
    if (c == 0) {
      c = Long.compareUnsigned(x2, y2);
    }
    if (c == 0) {
      c = x.length <= 24 && y.length <= 24 ? Integer.compare(x.length, y.length) : Bytes.compare(x, y);
    }
    return c;
  }

  private final Partitioner partitioner;
  private final Path dir;
  private final String prefix;
  private final long budget;
  private final List<Rec> buffer = new ArrayList<>();
  private long used;
  private int spills;

  ShuffleWriter(Partitioner partitioner, Path dir, String prefix, long budgetBytes) {
    this.partitioner = partitioner;
    this.dir = dir;
    this.prefix = prefix;
    this.budget = budgetBytes;
  }

  void add(byte[] key, byte[] value) throws IOException {
    buffer.add(new Rec(partitioner.partition(key), Bytes.prefix(key, 0), Bytes.prefix(key, 8), Bytes.prefix(key, 16), key, value));
    used += key.length + value.length + OVERHEAD;
    if (used >= budget) {
      spill();
    }
  }

  /** Spills what is left; returns the number of spill files written. */
  int finish() throws IOException {
    if (!buffer.isEmpty() || spills == 0) {
      spill();
    }
    return spills;
  }

  private void spill() throws IOException {
    buffer.sort(ORDER);
    int n = partitioner.numPartitions();
    long[] offsets = new long[n + 1];
    Path file = dir.resolve(prefix + "-" + spills + ".run");
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (SpillOut out = new SpillOut(Files.newOutputStream(tmp))) {
      int p = 0;
      for (Rec r : buffer) {
        while (p <= r.partition()) {
          offsets[p++] = out.position();
        }
        out.bytes(r.key());
        out.bytes(r.value());
      }
      while (p <= n) {
        offsets[p++] = out.position();
      }
    }
    try (DataOutputStream idx = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-" + spills + ".idx")))) {
      for (long o : offsets) {
        idx.writeLong(o);
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    spills++;
    buffer.clear();
    used = 0;
  }

  /**
   * Records in {@link Codecs#writeBytes}'s layout (varint length, bytes) through a buffer of its
   * own: the JDK's buffered streams take a lock per call, several per record.
   */
  private static final class SpillOut implements java.io.Closeable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;
    private long flushed;

    SpillOut(OutputStream out) {
      this.out = out;
    }

    /** Bytes written so far. */
    long position() {
      return flushed + n;
    }

    void bytes(byte[] b) throws IOException {
      if (buf.length - n < 5 + b.length) {
        flush();
      }
      int v = b.length;
      while ((v & ~0x7F) != 0) {
        buf[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[n++] = (byte) v;
      if (b.length > buf.length - n) {
        flush();
        out.write(b);
        flushed += b.length;
      } else {
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
      }
    }

    private void flush() throws IOException {
      out.write(buf, 0, n);
      flushed += n;
      n = 0;
    }

    @Override
    public void close() throws IOException {
      try (out) {
        flush();
      }
    }
  }

  /**
   * The segment offsets of one map task's spills ({@code [spill][partition]}, one more than the
   * partitions), read once per shuffle rather than once per reduce partition: the index files were
   * most of the files a small shuffle opened.
   */
  static long[][] index(Path dir, String prefix, int spills) throws IOException {
    long[][] offsets = new long[spills][];
    for (int s = 0; s < spills; s++) {
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve(prefix + "-" + s + ".idx")));
      offsets[s] = new long[bb.capacity() / 8];
      bb.asLongBuffer().get(offsets[s]);
    }
    return offsets;
  }

  /** The segments of one reduce partition across the spills of one map task ({@link #index}). */
  static List<ShuffleRun> runs(Path dir, String prefix, long[][] index, int partition) {
    List<ShuffleRun> runs = new ArrayList<>();
    for (int s = 0; s < index.length; s++) {
      long start = index[s][partition];
      long end = index[s][partition + 1];
      if (end > start) {
        runs.add(new ShuffleRun(dir.resolve(prefix + "-" + s + ".run"), start, end));
      }
    }
    return runs;
  }
}
