package dev.kiln.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.clean.pii.PiiDetector;
import dev.kiln.clean.pii.PiiMatch;
import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The demo scrubs personal data (its {@code pii} stage): nothing it scrubbed may appear anywhere in
 * its output directory, not in shards, drop or quarantine logs, {@code profile.json} nor
 * {@code report.html}, not even in samples taken before the stage ran.
 */
class PrivacyTest {
  @Test
  void noScrubbedValueOfTheDemoInputAppearsInItsOutput() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path demo = root.resolve("out/demo");
    Path mails = root.resolve(".cache/samples/spam-assassin/data");
    assumeTrue(Files.exists(demo.resolve("stats.json")) && Files.isDirectory(mails), "SKIPPED: no demo output or samples (run scripts/demo.sh first)");
    PiiDetector detector = PiiDetector.all();

    // What the demo's pii stage finds in its mail input: the values that must not come out.
    Set<String> values = new HashSet<>();
    try (Stream<Path> files = Files.walk(mails)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.getParent().equals(mails)).toList()) {
        Map<String, Object> mail = Json.MAPPER.readValue(f.toFile(), Json.MAP);
        for (PiiMatch m : detector.find(String.valueOf(mail.get("text")))) {
          values.add(m.value());
        }
      }
    }
    assertTrue(values.size() > 10_000, "found " + values.size() + " values in the demo's mail");

    TreeMap<String, Integer> leaks = new TreeMap<>();
    int read = 0;
    try (Stream<Path> files = Files.walk(demo)) {
      for (Path f : files.filter(Files::isRegularFile).filter(PrivacyTest::isText).toList()) {
        read++;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(f), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            for (PiiMatch m : detector.find(line)) {
              if (values.contains(m.value())) {
                leaks.merge(demo.relativize(f).toString(), 1, Integer::sum);
              }
            }
          }
        }
      }
    }
    assertTrue(read >= 20, "files read: " + read);
    assertEquals(Map.of(), leaks, "files holding scrubbed values (count of values)");
  }

  private static boolean isText(Path f) {
    String n = f.getFileName().toString();
    return List.of(".json", ".jsonl", ".html", ".txt", ".zst", ".gz").stream().anyMatch(n::endsWith);
  }

  private static InputStream open(Path f) throws IOException {
    InputStream in = Files.newInputStream(f);
    String n = f.getFileName().toString();
    return n.endsWith(".zst") ? new ZstdInputStream(in) : n.endsWith(".gz") ? new GZIPInputStream(in) : in;
  }
}
