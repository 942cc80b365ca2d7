package dev.kiln.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Compression chosen by file extension, the same way for reading and writing. */
public enum Compression {
  NONE(""),
  GZIP(".gz"),
  ZSTD(".zst");

  /**
   * zstd level for output. Compression is the costliest step of a pass-through run (level 3 took
   * longer than decompressing and parsing the input together); level 1 is about 1.4x faster for
   * shards about 15% larger, the better trade for intermediate data.
   */
  static final int ZSTD_LEVEL = 1;

  private final String suffix;

  Compression(String suffix) {
    this.suffix = suffix;
  }

  public String suffix() {
    return suffix;
  }

  public static Compression of(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".zst") || n.endsWith(".zstd")) {
      return ZSTD;
    }
    if (n.endsWith(".gz")) {
      return GZIP;
    }
    return NONE;
  }

  /** From a recipe's {@code compression} setting: zst, gz or none. */
  public static Compression named(String name) {
    return switch (name) {
      case "zst" -> ZSTD;
      case "gz" -> GZIP;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException("compression must be zst, gz or none, got '" + name + "'");
    };
  }

  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case ZSTD -> new ZstdInputStream(in);
    };
  }

  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, 1 << 16);
      case ZSTD -> new ZstdOutputStream(out, ZSTD_LEVEL);
    };
  }
}
