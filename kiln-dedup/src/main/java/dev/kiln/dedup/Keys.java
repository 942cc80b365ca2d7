package dev.kiln.dedup;

import dev.kiln.core.engine.Codec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte layouts shared by the dedup stages: positions, pairs, order-preserving numbers. */
final class Keys {
  private Keys() {}

  /** Bytes of a position key ({@link dev.kiln.core.engine.Positions#key}). */
  static final int POS = 12;

  /** A codec for byte arrays of one fixed length, written raw so they sort as themselves. */
  static Codec<byte[]> fixed(int length) {
    return new Fixed(length);
  }

  static final Codec<byte[]> POSITION = fixed(POS);

  private record Fixed(int length) implements Codec<byte[]> {
    @Override
    public void write(byte[] value, DataOutput out) throws IOException {
      if (value.length != length) {
        throw new IOException("expected " + length + " bytes, got " + value.length);
      }
      out.write(value);
    }

    @Override
    public byte[] read(DataInput in) throws IOException {
      byte[] b = new byte[length];
      in.readFully(b);
      return b;
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] slice(byte[] a, int from, int len) {
    byte[] out = new byte[len];
    System.arraycopy(a, from, out, 0, len);
    return out;
  }

  static int compare(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b);
  }

  /**
   * A score as 8 bytes that sort best first (highest score first) in unsigned byte order; a
   * missing or NaN score sorts last.
   */
  static long descendingScore(double score) {
    if (Double.isNaN(score)) {
      score = Double.NEGATIVE_INFINITY;
    }
    long bits = Double.doubleToLongBits(score == 0 ? 0.0 : score);
    long ascending = bits ^ ((bits >> 63) & Long.MAX_VALUE) ^ Long.MIN_VALUE;
    return ~ascending;
  }

  /** Big-endian longs in a byte array: fingerprints cross every shuffle as one block, not 8 bytes at a time. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** A count, then the longs big-endian (the layout of {@link DataOutput#writeLong}). */
  static void writeLongs(DataOutput out, long[] v) throws IOException {
    dev.kiln.core.engine.Codecs.writeVarInt(out, v.length);
    byte[] b = new byte[v.length * 8];
    for (int i = 0; i < v.length; i++) {
      LONGS.set(b, i * 8, v[i]);
    }
    out.write(b);
  }

  static long[] readLongs(DataInput in) throws IOException {
    long[] v = new long[dev.kiln.core.engine.Codecs.readVarInt(in)];
    byte[] b = new byte[v.length * 8];
    in.readFully(b);
    for (int i = 0; i < v.length; i++) {
      v[i] = (long) LONGS.get(b, i * 8);
    }
    return v;
  }
}
