package dev.kiln.core.engine;

import dev.kiln.core.Document;
import dev.kiln.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Codecs for the records the pipeline moves around, and the varint framing they share. */
public final class Codecs {
  private Codecs() {}

  public static final Codec<Document> DOCUMENT = new DocumentCodec();
  public static final Codec<String> STRING = new StringCodec();
  public static final Codec<Long> LONG = new LongCodec();
  public static final Codec<byte[]> BYTES = new BytesCodec();

  /** Encodes one value to bytes (used where values must be compared or hashed as bytes). */
  public static <T> byte[] encode(Codec<T> codec, T value) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(64);
    try {
      codec.write(value, new DataOutputStream(bos));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  public static <T> T decode(Codec<T> codec, byte[] bytes) {
    try {
      return codec.read(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeVarInt(DataOutput out, int v) throws IOException {
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  public static int readVarInt(DataInput in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("malformed varint");
  }

  public static void writeBytes(DataOutput out, byte[] b) throws IOException {
    writeVarInt(out, b.length);
    out.write(b);
  }

  public static byte[] readBytes(DataInput in) throws IOException {
    byte[] b = new byte[readVarInt(in)];
    in.readFully(b);
    return b;
  }

  public static void writeString(DataOutput out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  public static String readString(DataInput in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static final class DocumentCodec implements Codec<Document> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Document d, DataOutput out) throws IOException {
      writeString(out, d.id());
      writeString(out, d.text());
      writeBytes(out, d.meta().isEmpty() ? new byte[0] : Json.MAPPER.writeValueAsBytes(d.meta()));
      // Token ids as varints, after their count + 1 (0: not tokenized).
      int[] ids = d.tokenIds();
      writeVarInt(out, ids == null ? 0 : ids.length + 1);
      if (ids != null) {
        for (int id : ids) {
          writeVarInt(out, id);
        }
      }
    }

    @Override
    public Document read(DataInput in) throws IOException {
      String id = readString(in);
      String text = readString(in);
      byte[] meta = readBytes(in);
      Document d = meta.length == 0 ? Document.of(id, text) : Document.of(id, text, Json.MAPPER.readValue(meta, Json.MAP));
      int n = readVarInt(in) - 1;
      if (n < 0) {
        return d;
      }
      int[] ids = new int[n];
      for (int i = 0; i < n; i++) {
        ids[i] = readVarInt(in);
      }
      return d.withTokenIds(ids);
    }
  }

  private static final class StringCodec implements Codec<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(String s, DataOutput out) throws IOException {
      writeString(out, s);
    }

    @Override
    public String read(DataInput in) throws IOException {
      return readString(in);
    }
  }

  private static final class LongCodec implements Codec<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Long v, DataOutput out) throws IOException {
      // Sign bit flipped so the encoding sorts like the numbers.
      out.writeLong(v ^ Long.MIN_VALUE);
    }

    @Override
    public Long read(DataInput in) throws IOException {
      return in.readLong() ^ Long.MIN_VALUE;
    }
  }

  private static final class BytesCodec implements Codec<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(byte[] b, DataOutput out) throws IOException {
      writeBytes(out, b);
    }

    @Override
    public byte[] read(DataInput in) throws IOException {
      return readBytes(in);
    }
  }

}
