package dev.kiln.pack.output;

import dev.kiln.core.util.CountingOutputStream;
import com.github.luben.zstd.Zstd;
import dev.kiln.pack.IntBuf;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Packed sequences as a Parquet file, the form Hugging Face {@code datasets} loads: one row a
 * sequence, columns {@code input_ids}, {@code position_ids}, {@code segment_ids},
 * {@code cu_seqlens} and {@code loss_mask}, each a {@code list<int32>} (3-level LIST, required).
 *
 * <p>Written by hand rather than with parquet-hadoop, which would pull Hadoop into every user of
 * this module: the format needed here is small (one primitive type, PLAIN values, RLE levels,
 * zstd pages of format v1, a Thrift compact footer). Rows are buffered per row group (about 1M
 * values a column), one page per column chunk.
 */
public final class ParquetSequenceWriter {
  static final String[] COLUMNS = {"input_ids", "position_ids", "segment_ids", "cu_seqlens", "loss_mask"};
  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};
  private static final int CODEC_ZSTD = 6;
  private static final int PLAIN = 0;
  private static final int RLE = 3;
  private static final int INT32 = 1;

  private final Path tmp;
  private final MessageDigest sha;
  private final CountingOutputStream out;
  private final int valuesPerGroup;
  private final IntBuf[] values = new IntBuf[COLUMNS.length];
  private final IntBuf[] rowLengths = new IntBuf[COLUMNS.length];
  private final List<byte[]> rowGroups = new ArrayList<>();
  private int rowsInGroup;
  private long rows;

  public ParquetSequenceWriter(Path tmp) throws IOException {
    this(tmp, 1 << 20);
  }

  ParquetSequenceWriter(Path tmp, int valuesPerGroup) throws IOException {
    this.tmp = tmp;
    this.sha = sha256();
    this.out = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), sha));
    this.valuesPerGroup = Math.max(1, valuesPerGroup);
    for (int c = 0; c < COLUMNS.length; c++) {
      values[c] = new IntBuf(1024);
      rowLengths[c] = new IntBuf(64);
    }
    out.write(MAGIC);
  }

  /** Adds one row (the arrays are copied). */
  public void add(int[] inputIds, int[] positionIds, int[] segmentIds, int[] cuSeqlens, int[] lossMask) throws IOException {
    int[][] cols = {inputIds, positionIds, segmentIds, cuSeqlens, lossMask};
    for (int c = 0; c < cols.length; c++) {
      if (cols[c].length == 0) {
        throw new IllegalArgumentException(COLUMNS[c] + " is empty");
      }
      values[c].addAll(cols[c], 0, cols[c].length);
      rowLengths[c].add(cols[c].length);
    }
    rowsInGroup++;
    rows++;
    if (values[0].size() >= valuesPerGroup) {
      flushGroup();
    }
  }

  private void flushGroup() throws IOException {
    if (rowsInGroup == 0) {
      return;
    }
    Thrift group = new Thrift();
    group.element();
    group.list(1, Thrift.STRUCT, COLUMNS.length);
    long groupBytes = 0;
    for (int c = 0; c < COLUMNS.length; c++) {
      int n = values[c].size();
      ByteArrayOutputStream page = new ByteArrayOutputStream(n * 4 + 64);
      byte[] rep = repetitionLevels(rowLengths[c]);
      writeIntLe(page, rep.length);
      page.write(rep);
      byte[] def = run(n, 1);
      writeIntLe(page, def.length);
      page.write(def);
      byte[] plain = new byte[n * 4];
      int[] a = values[c].array();
      for (int i = 0, k = 0; i < n; i++) {
        int v = a[i];
        plain[k++] = (byte) v;
        plain[k++] = (byte) (v >>> 8);
        plain[k++] = (byte) (v >>> 16);
        plain[k++] = (byte) (v >>> 24);
      }
      page.write(plain);
      byte[] raw = page.toByteArray();
      byte[] compressed = Zstd.compress(raw, 3);
      byte[] header = new Thrift()
          .i32(1, 0) // DATA_PAGE
          .i32(2, raw.length)
          .i32(3, compressed.length)
          .struct(5).i32(1, n).i32(2, PLAIN).i32(3, RLE).i32(4, RLE).end()
          .finish();
      long offset = out.count();
      out.write(header);
      out.write(compressed);
      long uncompressedSize = header.length + raw.length;
      long compressedSize = header.length + compressed.length;
      groupBytes += uncompressedSize;
      group.element()
          .i64(2, offset)
          .struct(3)
          .i32(1, INT32)
          .list(2, Thrift.I32, 2).i32Element(PLAIN).i32Element(RLE)
          .list(3, Thrift.BINARY, 3).stringElement(COLUMNS[c]).stringElement("list").stringElement("element")
          .i32(4, CODEC_ZSTD)
          .i64(5, n)
          .i64(6, uncompressedSize)
          .i64(7, compressedSize)
          .i64(9, offset)
          .end()
          .end();
      values[c].clear();
      rowLengths[c].clear();
    }
    group.i64(2, groupBytes).i64(3, rowsInGroup).end();
    rowGroups.add(group.bytes());
    rowsInGroup = 0;
  }

  /** Repetition levels of rows of the given lengths: 0 then (length - 1) ones, RLE runs. */
  private static byte[] repetitionLevels(IntBuf lengths) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(lengths.size() * 6);
    for (int r = 0; r < lengths.size(); r++) {
      writeRun(b, 1, 0);
      if (lengths.get(r) > 1) {
        writeRun(b, lengths.get(r) - 1, 1);
      }
    }
    return b.toByteArray();
  }

  private static byte[] run(int count, int value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(8);
    writeRun(b, count, value);
    return b.toByteArray();
  }

  /** One RLE run of a bit-width-1 level: varint (count << 1), then the value in one byte. */
  private static void writeRun(ByteArrayOutputStream b, int count, int value) {
    long h = (long) count << 1;
    while ((h & ~0x7FL) != 0) {
      b.write((int) ((h & 0x7F) | 0x80));
      h >>>= 7;
    }
    b.write((int) h);
    b.write(value);
  }

  private static void writeIntLe(OutputStream o, int v) throws IOException {
    o.write(v);
    o.write(v >>> 8);
    o.write(v >>> 16);
    o.write(v >>> 24);
  }

  /** Writes the footer, moves the file to {@code target}, returns its sha256. */
  public String close(Path target) throws IOException {
    flushGroup();
    Thrift meta = new Thrift();
    meta.i32(1, 1);
    meta.list(2, Thrift.STRUCT, 1 + 3 * COLUMNS.length);
    meta.element().string(4, "schema").i32(5, COLUMNS.length).end();
    for (String c : COLUMNS) {
      // required group c (LIST) { repeated group list { required int32 element; } }
      meta.element().i32(3, 0).string(4, c).i32(5, 1).i32(6, 3).struct(10).struct(3).end().end().end();
      meta.element().i32(3, 2).string(4, "list").i32(5, 1).end();
      meta.element().i32(1, INT32).i32(3, 0).string(4, "element").end();
    }
    meta.i64(3, rows);
    meta.list(4, Thrift.STRUCT, rowGroups.size());
    for (byte[] g : rowGroups) {
      meta.raw(g);
    }
    meta.string(6, "kiln-pack");
    byte[] f = meta.finish();
    out.write(f);
    writeIntLe(out, f.length);
    out.write(MAGIC);
    out.close();
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    return HexFormat.of().formatHex(sha.digest());
  }

  public long rows() {
    return rows;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
