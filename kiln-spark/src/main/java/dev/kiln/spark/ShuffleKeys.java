package dev.kiln.spark;

import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.ShuffleEntries;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import scala.Tuple2;

/**
 * How a keyed record crosses a Spark shuffle: one byte array holding the target partition, the
 * key and the encoded value ({@code [int partition][varint key length][key][value]}). Spark sorts
 * these records within each partition by (key bytes, value bytes), both unsigned, which is the
 * order the local engine's merge gives; the partition prefix makes the Spark partitioner a lookup.
 */
final class ShuffleKeys {
  private ShuffleKeys() {}

  static byte[] compose(int partition, byte[] key, byte[] value) {
    int klen = key.length;
    int vl = varLen(klen);
    byte[] out = new byte[4 + vl + klen + value.length];
    out[0] = (byte) (partition >>> 24);
    out[1] = (byte) (partition >>> 16);
    out[2] = (byte) (partition >>> 8);
    out[3] = (byte) partition;
    int pos = 4;
    int v = klen;
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    System.arraycopy(key, 0, out, pos, klen);
    System.arraycopy(value, 0, out, pos + klen, value.length);
    return out;
  }

  static int partition(byte[] c) {
    return ((c[0] & 0xff) << 24) | ((c[1] & 0xff) << 16) | ((c[2] & 0xff) << 8) | (c[3] & 0xff);
  }

  /** Where the key starts; the varint length sits before it. */
  static int keyStart(byte[] c) {
    int pos = 4;
    while ((c[pos] & 0x80) != 0) {
      pos++;
    }
    return pos + 1;
  }

  static int keyLength(byte[] c) {
    int v = 0;
    int pos = 4;
    for (int shift = 0; ; shift += 7) {
      int b = c[pos++] & 0xff;
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }

  static byte[] key(byte[] c) {
    int start = keyStart(c);
    return Arrays.copyOfRange(c, start, start + keyLength(c));
  }

  /** A sorted shuffle partition as the reduce side reads it. */
  static ShuffleEntries entries(Iterator<Tuple2<byte[], Object>> in) {
    return new ShuffleEntries() {
      private byte[] current;

      @Override
      public boolean next() {
        current = in.hasNext() ? in.next()._1() : null;
        return current != null;
      }

      @Override
      public byte[] key() {
        return ShuffleKeys.key(current);
      }

      @Override
      public boolean hasKey(byte[] key) {
        int start = keyStart(current);
        return Arrays.equals(current, start, start + keyLength(current), key, 0, key.length);
      }

      @Override
      public <V> V value(Codec<V> codec) {
        int start = keyStart(current) + keyLength(current);
        try {
          return codec.read(new DataInputStream(new ByteArrayInputStream(current, start, current.length - start)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  static int varLen(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** (key, value) order, each unsigned lexicographic; records of one partition only. */
  static final class Order implements Comparator<byte[]>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(byte[] a, byte[] b) {
      int as = keyStart(a);
      int bs = keyStart(b);
      int ae = as + keyLength(a);
      int be = bs + keyLength(b);
      int c = Arrays.compareUnsigned(a, as, ae, b, bs, be);
      return c != 0 ? c : Arrays.compareUnsigned(a, ae, a.length, b, be, b.length);
    }
  }

  /** Spark's view of a Kiln partitioner: the partition was computed on the map side. */
  static final class Partitioner extends org.apache.spark.Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    Partitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return partition((byte[]) key);
    }
  }
}
