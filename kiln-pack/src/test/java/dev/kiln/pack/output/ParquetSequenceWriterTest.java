package dev.kiln.pack.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the Parquet file back with a decoder written from the format specification alone (a
 * generic Thrift compact reader into field-id maps, RLE levels, PLAIN values), independent of the
 * writer's code. Files from the writer were also read by hyparquet (JavaScript) during development.
 */
class ParquetSequenceWriterTest {
  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void readsBackRowForRow() throws Exception {
    SplittableRandom r = new SplittableRandom(3);
    List<int[][]> rows = new ArrayList<>();
    Path file = dir.resolve("x.parquet");
    ParquetSequenceWriter w = new ParquetSequenceWriter(dir.resolve("x.tmp"), 1000); // several row groups
    for (int i = 0; i < 57; i++) {
      int n = 1 + r.nextInt(64);
      int[][] cols = new int[5][];
      for (int c = 0; c < 5; c++) {
        cols[c] = r.ints(c == 3 ? 1 + r.nextInt(5) : n, -5, 200000).toArray();
      }
      rows.add(cols);
      w.add(cols[0], cols[1], cols[2], cols[3], cols[4]);
    }
    String sha = w.close(file);
    byte[] b = Files.readAllBytes(file);
    assertEquals(sha, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b)));
    assertEquals("PAR1", new String(b, 0, 4, StandardCharsets.US_ASCII));
    assertEquals("PAR1", new String(b, b.length - 4, 4, StandardCharsets.US_ASCII));
    int footerLen = ByteBuffer.wrap(b, b.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    Reader fr = new Reader(b, b.length - 8 - footerLen);
    Map<Integer, Object> meta = fr.struct();
    assertEquals(57L, meta.get(3));
    List<Object> schema = (List<Object>) meta.get(2);
    assertEquals(16, schema.size());
    assertEquals("input_ids", new String((byte[]) ((Map<Integer, Object>) schema.get(1)).get(4), StandardCharsets.UTF_8));
    List<List<int[]>> got = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      got.add(new ArrayList<>());
    }
    for (Object g : (List<Object>) meta.get(4)) {
      List<Object> chunks = (List<Object>) ((Map<Integer, Object>) g).get(1);
      for (int c = 0; c < 5; c++) {
        Map<Integer, Object> cm = (Map<Integer, Object>) ((Map<Integer, Object>) chunks.get(c)).get(3);
        assertEquals(6, cm.get(4)); // zstd
        int offset = (int) (long) (Long) cm.get(9);
        Reader pr = new Reader(b, offset);
        Map<Integer, Object> header = pr.struct();
        int raw = (Integer) header.get(2);
        int compressed = (Integer) header.get(3);
        int values = (Integer) ((Map<Integer, Object>) header.get(5)).get(1);
        byte[] page = Zstd.decompress(java.util.Arrays.copyOfRange(b, pr.pos, pr.pos + compressed), raw);
        ByteBuffer pb = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        int[] rep = levels(pb, values);
        int[] def = levels(pb, values);
        List<int[]> col = got.get(c);
        List<Integer> cur = null;
        for (int i = 0; i < values; i++) {
          assertEquals(1, def[i]);
          if (rep[i] == 0) {
            if (cur != null) {
              col.add(cur.stream().mapToInt(Integer::intValue).toArray());
            }
            cur = new ArrayList<>();
          }
          cur.add(pb.getInt());
        }
        col.add(cur.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      for (int c = 0; c < 5; c++) {
        assertArrayEquals(rows.get(i)[c], got.get(c).get(i), "row " + i + " column " + c);
      }
    }
  }

  /** A length-prefixed RLE/bit-packed hybrid run list of bit width 1. */
  static int[] levels(ByteBuffer pb, int n) {
    int len = pb.getInt();
    int end = pb.position() + len;
    int[] out = new int[n];
    int k = 0;
    while (pb.position() < end) {
      long h = 0;
      int shift = 0;
      int x;
      do {
        x = pb.get() & 0xff;
        h |= (long) (x & 0x7f) << shift;
        shift += 7;
      } while ((x & 0x80) != 0);
      if ((h & 1) == 0) {
        int count = (int) (h >>> 1);
        int v = pb.get() & 0xff;
        for (int i = 0; i < count; i++) {
          out[k++] = v;
        }
      } else {
        int groups = (int) (h >>> 1);
        for (int gi = 0; gi < groups; gi++) {
          int bits = pb.get() & 0xff;
          for (int i = 0; i < 8 && k < n; i++) {
            out[k++] = (bits >>> i) & 1;
          }
        }
      }
    }
    assertEquals(n, k);
    return out;
  }

  /** A generic Thrift compact protocol reader: structs as maps from field id to value. */
  static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    long varint() {
      long v = 0;
      int shift = 0;
      int x;
      do {
        x = b[pos++] & 0xff;
        v |= (long) (x & 0x7f) << shift;
        shift += 7;
      } while ((x & 0x80) != 0);
      return v;
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    Map<Integer, Object> struct() {
      Map<Integer, Object> m = new LinkedHashMap<>();
      int last = 0;
      while (true) {
        int h = b[pos++] & 0xff;
        if (h == 0) {
          return m;
        }
        int type = h & 0x0f;
        int delta = h >>> 4;
        int id = delta == 0 ? (int) zigzag() : last + delta;
        last = id;
        m.put(id, value(type));
      }
    }

    Object value(int type) {
      switch (type) {
        case 1:
          return true;
        case 2:
          return false;
        case 3:
          return b[pos++];
        case 4:
        case 5:
          return (int) zigzag();
        case 6:
          return zigzag();
        case 8: {
          int n = (int) varint();
          byte[] s = java.util.Arrays.copyOfRange(b, pos, pos + n);
          pos += n;
          return s;
        }
        case 9: {
          int h = b[pos++] & 0xff;
          int n = h >>> 4;
          if (n == 15) {
            n = (int) varint();
          }
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            l.add(value(h & 0x0f));
          }
          return l;
        }
        case 12:
          return struct();
        default:
          throw new IllegalStateException("thrift type " + type);
      }
    }
  }
}
