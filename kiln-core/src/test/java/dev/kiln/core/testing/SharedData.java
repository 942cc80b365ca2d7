package dev.kiln.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.core.Document;
import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The real corpora and tokenizers in {@code ../shared} beside the project. A test that needs them
 * is skipped, with a message saying what is missing, when they are absent; never passed silently.
 */
public final class SharedData {
  private SharedData() {}

  /** {@code ../shared}, from the {@code kiln.shared} property the build sets. */
  public static Path root() {
    String p = System.getProperty("kiln.shared", "../shared");
    return Path.of(p).toAbsolutePath().normalize();
  }

  /** A corpus file such as {@code corpora/fortunes.jsonl.zst}; skips the test when absent. */
  public static Path corpus(String name) {
    Path p = root().resolve("corpora").resolve(name + ".jsonl.zst");
    assumeTrue(Files.isReadable(p), () -> "SKIPPED: shared corpus " + p + " is absent (tests on real data need ../shared)");
    return p;
  }

  /** {@code tokenizers/NAME/tokenizer.json}; skips the test when absent. */
  public static Path tokenizer(String name) {
    Path p = root().resolve("tokenizers").resolve(name).resolve("tokenizer.json");
    assumeTrue(Files.isReadable(p), () -> "SKIPPED: shared tokenizer " + p + " is absent (tests on real data need ../shared)");
    return p;
  }

  /** The first {@code limit} documents of a corpus (text, or html when it has no text). */
  public static List<Document> documents(String corpus, int limit) {
    List<Document> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(corpus(corpus))), StandardCharsets.UTF_8))) {
      String line;
      while (out.size() < limit && (line = r.readLine()) != null) {
        LinkedHashMap<String, Object> m = Json.MAPPER.readValue(line, Json.MAP);
        String id = String.valueOf(m.remove("id"));
        Object text = m.remove("text");
        out.add(Document.of(id, text == null ? "" : text.toString(), m));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
