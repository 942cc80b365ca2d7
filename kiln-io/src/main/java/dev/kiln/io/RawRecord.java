package dev.kiln.io;

import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.util.Json;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One unparsed input record: a JSONL line, a whole text, JSON or PDF file, or a WARC record's
 * payload, with where it came from and the format that parses it (chosen once per file). {@code meta}
 * holds what the container said about the record (a WARC record's id, URL and date); it is empty for
 * line and whole-file records. Parsing happens in a separate stateless step so it runs on every core.
 */
public record RawRecord(InputFormat format, int input, String file, long line, byte[] bytes, Map<String, Object> meta) {
  public RawRecord {
    meta = meta.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** A record with no container metadata (a line or a whole file). */
  public RawRecord(InputFormat format, int input, String file, long line, byte[] bytes) {
    this(format, input, file, line, bytes, Map.of());
  }

  public static final Codec<RawRecord> CODEC = new Codec<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(RawRecord r, DataOutput out) throws IOException {
      out.writeByte(Formats.ALL.indexOf(r.format));
      out.writeInt(r.input);
      Codecs.writeString(out, r.file);
      out.writeLong(r.line);
      Codecs.writeBytes(out, r.bytes);
      Codecs.writeBytes(out, r.meta.isEmpty() ? EMPTY : Json.MAPPER.writeValueAsBytes(r.meta));
    }

    @Override
    public RawRecord read(DataInput in) throws IOException {
      InputFormat format = Formats.ALL.get(in.readByte());
      int input = in.readInt();
      String file = Codecs.readString(in);
      long line = in.readLong();
      byte[] bytes = Codecs.readBytes(in);
      byte[] meta = Codecs.readBytes(in);
      return new RawRecord(format, input, file, line, bytes, meta.length == 0 ? Map.of() : Json.MAPPER.readValue(meta, Json.MAP));
    }
  };

  private static final byte[] EMPTY = new byte[0];
}
