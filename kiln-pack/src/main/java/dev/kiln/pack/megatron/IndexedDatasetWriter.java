package dev.kiln.pack.megatron;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.pack.IntBuf;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes a Megatron-LM indexed dataset: {@code PREFIX.bin} (raw little-endian tokens, no header)
 * and {@code PREFIX.idx}: {@code "MMIDIDX\0\0"}, u64 version 1, u8 dtype code, u64 sequence count
 * N, u64 document-index length D, int32[N] sequence lengths, int64[N] byte pointers into .bin,
 * int64[D] document indices (sequence numbers where documents start, 0 first, N last). This is the
 * layout {@code megatron/core/datasets/indexed_dataset.py} reads, so {@code IndexedDataset} and
 * {@code GPTDataset} take the files unchanged. Files appear under their names only on
 * {@link #close()} (written as .tmp first), so a killed writer leaves nothing that looks finished.
 */
public final class IndexedDatasetWriter implements Closeable {
  public static final byte[] MAGIC = {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0};

  private final Path prefix;
  private final DType dtype;
  private final FileChannel bin;
  private final MessageDigest binSha;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private final IntBuf lengths = new IntBuf(1024);
  private final IntBuf docIndex = new IntBuf(1024);
  private long tokens;
  private Result result;

  /** What was written: counts and the sha256 of both files. */
  public record Result(Path bin, Path idx, DType dtype, int sequences, int documents, long tokens, String binSha256, String idxSha256) {}

  public IndexedDatasetWriter(Path prefix, DType dtype) throws IOException {
    checkArgument(dtype == DType.UINT16 || dtype == DType.INT32, "token files are uint16 or int32, not " + dtype);
    this.prefix = prefix;
    this.dtype = dtype;
    if (prefix.getParent() != null) {
      Files.createDirectories(prefix.getParent());
    }
    this.bin = FileChannel.open(tmp(binPath(prefix)), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    this.binSha = sha256();
    docIndex.add(0);
  }

  public static Path binPath(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + ".bin");
  }

  public static Path idxPath(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + ".idx");
  }

  private static Path tmp(Path p) {
    return p.resolveSibling(p.getFileName() + ".tmp");
  }

  public DType dtype() {
    return dtype;
  }

  /** Appends one sequence of {@code len} tokens. */
  public void add(int[] ids, int from, int len) throws IOException {
    if (len < 0) {
      throw new IllegalArgumentException("negative length");
    }
    boolean u16 = dtype == DType.UINT16;
    for (int i = from, end = from + len; i < end; i++) {
      if (buf.remaining() < 4) {
        flush();
      }
      int v = ids[i];
      if (u16) {
        if ((v & ~0xFFFF) != 0) {
          throw new IllegalArgumentException("token id " + v + " does not fit uint16; the dataset needs int32 (vocabulary >= 65,500)");
        }
        buf.putShort((short) v);
      } else {
        if (v < 0) {
          throw new IllegalArgumentException("negative token id " + v);
        }
        buf.putInt(v);
      }
    }
    lengths.add(len);
    tokens += len;
  }

  /** Ends a document: the sequences added since the previous call form it. */
  public void endDocument() {
    if (docIndex.get(docIndex.size() - 1) != lengths.size()) {
      docIndex.add(lengths.size());
    }
  }

  /** Adds one sequence that is a whole document (the usual GPT layout). */
  public void addDocument(int[] ids, int from, int len) throws IOException {
    add(ids, from, len);
    endDocument();
  }

  public int sequences() {
    return lengths.size();
  }

  public long tokens() {
    return tokens;
  }

  private void flush() throws IOException {
    buf.flip();
    binSha.update(buf.array(), 0, buf.limit());
    while (buf.hasRemaining()) {
      bin.write(buf);
    }
    buf.clear();
  }

  /** Writes the index and moves both files into place; returns what was written. */
  @Override
  public void close() throws IOException {
    if (result != null) {
      return;
    }
    flush();
    bin.force(false);
    bin.close();
    endDocument();
    Path idxTmp = tmp(idxPath(prefix));
    MessageDigest idxSha = sha256();
    int n = lengths.size();
    int d = docIndex.size();
    ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 8 + 1 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
    head.put(MAGIC).putLong(1L).put((byte) dtype.code).putLong(n).putLong(d);
    try (OutputStream out = new java.security.DigestOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(idxTmp), 1 << 16), idxSha)) {
      out.write(head.array());
      ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        b.putInt(lengths.get(i));
        if (!b.hasRemaining()) {
          out.write(b.array(), 0, b.position());
          b.clear();
        }
      }
      long pointer = 0;
      for (int i = 0; i < n; i++) {
        if (b.remaining() < 8) {
          out.write(b.array(), 0, b.position());
          b.clear();
        }
        b.putLong(pointer);
        pointer += (long) lengths.get(i) * dtype.size;
      }
      for (int i = 0; i < d; i++) {
        if (b.remaining() < 8) {
          out.write(b.array(), 0, b.position());
          b.clear();
        }
        b.putLong(docIndex.get(i));
      }
      out.write(b.array(), 0, b.position());
    }
    Files.move(tmp(binPath(prefix)), binPath(prefix), StandardCopyOption.REPLACE_EXISTING);
    Files.move(idxTmp, idxPath(prefix), StandardCopyOption.REPLACE_EXISTING);
    result = new Result(binPath(prefix), idxPath(prefix), dtype, n, d - 1, tokens,
        HexFormat.of().formatHex(binSha.digest()), HexFormat.of().formatHex(idxSha.digest()));
  }

  /** After {@link #close()}: what was written. */
  public Result result() {
    if (result == null) {
      throw new IllegalStateException("not closed yet");
    }
    return result;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
