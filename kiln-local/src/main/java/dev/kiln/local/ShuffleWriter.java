package dev.kiln.local;

import dev.kiln.core.util.CountingOutputStream;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Partitioner;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
  /** Object and array headers a buffered record costs beyond its bytes. */
  private static final int OVERHEAD = 64;

  private record Rec(int partition, byte[] key, byte[] value) {}

  /** Partition, then key, then value bytes. */
  private static final Comparator<Rec> ORDER = (x, y) -> {
    int c = Integer.compare(x.partition, y.partition);
    if (c == 0) {
      c = Bytes.compare(x.key, y.key);
    }
    return c != 0 ? c : Bytes.compare(x.value, y.value);
  };

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
    buffer.add(new Rec(partitioner.partition(key), key, value));
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
    try (CountingOutputStream counting = new CountingOutputStream(Files.newOutputStream(tmp));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(counting, 1 << 16))) {
      int p = 0;
      for (Rec r : buffer) {
        while (p <= r.partition()) {
          out.flush();
          offsets[p++] = counting.count();
        }
        Codecs.writeBytes(out, r.key());
        Codecs.writeBytes(out, r.value());
      }
      out.flush();
      while (p <= n) {
        offsets[p++] = counting.count();
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

  /** The segments of one reduce partition across the spills of one map task. */
  static List<ShuffleRun> runs(Path dir, String prefix, int spills, int partition) throws IOException {
    List<ShuffleRun> runs = new ArrayList<>();
    for (int s = 0; s < spills; s++) {
      byte[] idx = Files.readAllBytes(dir.resolve(prefix + "-" + s + ".idx"));
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(idx);
      long start = bb.getLong(partition * 8);
      long end = bb.getLong((partition + 1) * 8);
      if (end > start) {
        runs.add(new ShuffleRun(dir.resolve(prefix + "-" + s + ".run"), start, end));
      }
    }
    return runs;
  }
}
