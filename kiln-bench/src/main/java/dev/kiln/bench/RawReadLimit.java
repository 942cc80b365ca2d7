package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.util.Json;
import dev.kiln.io.Compression;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The raw read limit of a JSONL file, the reference every {@code bench} command compares against:
 * decompress and JSON-parse every line on one thread, nothing else. Bytes are the file's
 * uncompressed bytes (UTF-8), counted as they leave the decompressor.
 */
public final class RawReadLimit {
  private RawReadLimit() {}

  /** One raw pass; returns the uncompressed bytes read. */
  public static long pass(Path input) throws IOException {
    return pass(input, n -> {});
  }

  /** One raw pass that hands each parsed line to a consumer (e.g. to build documents once). */
  public static long pass(Path input, Consumer<JsonNode> each) throws IOException {
    long[] count = {0};
    InputStream raw = Compression.of(input.toString()).decompress(new BufferedInputStream(Files.newInputStream(input), 1 << 16));
    InputStream counted = new FilterInputStream(raw) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count[0]++;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          count[0] += n;
        }
        return n;
      }
    };
    try (BufferedReader r = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      long sink = 0;
      while ((line = r.readLine()) != null) {
        JsonNode n = Json.MAPPER.readTree(line);
        sink += n.size();
        each.accept(n);
      }
      if (sink < 0) {
        throw new IllegalStateException();
      }
    }
    return count[0];
  }
}
