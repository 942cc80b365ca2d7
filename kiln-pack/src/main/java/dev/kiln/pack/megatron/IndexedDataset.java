package dev.kiln.pack.megatron;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a Megatron-LM indexed dataset ({@code PREFIX.bin} + {@code PREFIX.idx}) and checks its
 * header the way Megatron does. The index is loaded into memory (12 bytes per sequence); tokens are
 * read from .bin on demand with positional reads, so files of any size work.
 */
public final class IndexedDataset implements Closeable {
  private final DType dtype;
  private final int[] lengths;
  private final long[] pointers;
  private final long[] documentIndices;
  private final FileChannel bin;

  private IndexedDataset(DType dtype, int[] lengths, long[] pointers, long[] documentIndices, FileChannel bin) {
    this.dtype = dtype;
    this.lengths = lengths;
    this.pointers = pointers;
    this.documentIndices = documentIndices;
    this.bin = bin;
  }

  public static IndexedDataset open(Path prefix) throws IOException {
    Path idx = IndexedDatasetWriter.idxPath(prefix);
    ByteBuffer b;
    try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException("index too large: " + idx);
      }
      b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read fully
      }
      b.flip();
    }
    byte[] magic = new byte[IndexedDatasetWriter.MAGIC.length];
    if (b.remaining() < 34) {
      throw new IOException("not a Megatron index (too short): " + idx);
    }
    b.get(magic);
    if (!Arrays.equals(magic, IndexedDatasetWriter.MAGIC)) {
      throw new IOException("bad header, not a Megatron MMIDIDX index: " + idx);
    }
    long version = b.getLong();
    if (version != 1) {
      throw new IOException("unsupported index version " + version + ": " + idx);
    }
    DType dtype = DType.ofCode(b.get() & 0xFF);
    long n = b.getLong();
    long d = b.getLong();
    if (b.remaining() < n * 12 + d * 8) {
      throw new IOException("index truncated: " + idx);
    }
    int[] lengths = new int[(int) n];
    long[] pointers = new long[(int) n];
    long[] docs = new long[(int) d];
    b.asIntBuffer().get(lengths);
    b.position(b.position() + (int) n * 4);
    b.asLongBuffer().get(pointers);
    b.position(b.position() + (int) n * 8);
    b.asLongBuffer().get(docs);
    FileChannel bin = FileChannel.open(IndexedDatasetWriter.binPath(prefix), StandardOpenOption.READ);
    return new IndexedDataset(dtype, lengths, pointers, docs, bin);
  }

  public DType dtype() {
    return dtype;
  }

  public int size() {
    return lengths.length;
  }

  public int length(int i) {
    return lengths[i];
  }

  public long pointer(int i) {
    return pointers[i];
  }

  public long[] documentIndices() {
    return documentIndices.clone();
  }

  public long totalTokens() {
    long t = 0;
    for (int l : lengths) {
      t += l;
    }
    return t;
  }

  /** The tokens of sequence i. */
  public int[] get(int i) throws IOException {
    int n = lengths[i];
    ByteBuffer b = ByteBuffer.allocate(n * dtype.size).order(ByteOrder.LITTLE_ENDIAN);
    long pos = pointers[i];
    while (b.hasRemaining()) {
      int r = bin.read(b, pos + b.position());
      if (r < 0) {
        throw new IOException("data file ends inside sequence " + i);
      }
    }
    b.flip();
    int[] out = new int[n];
    if (dtype == DType.UINT16) {
      for (int k = 0; k < n; k++) {
        out[k] = b.getShort() & 0xFFFF;
      }
    } else if (dtype == DType.INT32) {
      b.asIntBuffer().get(out);
    } else {
      throw new IOException("token dtype " + dtype + " is not supported by this reader");
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    bin.close();
  }
}
