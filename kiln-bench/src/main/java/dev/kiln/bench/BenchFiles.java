package dev.kiln.bench;

import dev.kiln.core.Document;
import dev.kiln.core.util.Json;
import dev.kiln.io.Compression;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Files the benches read, write and clean up: JSONL documents and temporary directories. */
public final class BenchFiles {
  private BenchFiles() {}

  /** The first {@code limit} documents of a JSONL file (id, text, the rest as metadata). */
  public static List<Document> read(Path file, int limit) throws IOException {
    List<Document> out = new ArrayList<>();
    scan(file, d -> out.add(d) && out.size() < limit);
    return out;
  }

  /** Documents of a JSONL file (id, text, the rest as metadata) in order, while {@code visit} returns true. */
  public static void scan(Path file, Predicate<Document> visit) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Compression.of(file.toString()).decompress(new BufferedInputStream(Files.newInputStream(file), 1 << 16)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Map<String, Object> m = Json.MAPPER.readValue(line, Json.MAP);
        String id = String.valueOf(m.remove("id"));
        Object text = m.remove("text");
        if (text != null && !visit.test(Document.of(id, text.toString(), m))) {
          return;
        }
      }
    }
  }

  /** Documents as JSONL lines: id, text, then their metadata. */
  public static void write(List<Document> docs, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Document d : docs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("text", d.text());
        m.putAll(d.meta());
        w.write(Json.MAPPER.writeValueAsString(m));
        w.write('\n');
      }
    }
  }

  /** Deletes a directory and everything in it; nothing to do when it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
