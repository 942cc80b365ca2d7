package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDataTest {
  @TempDir
  Path tmp;

  /** n records: id prefix/i, label from the cycle, text or html. */
  private Path write(String name, String prefix, int n, String[] labels, boolean html) throws IOException {
    Path f = tmp.resolve(name);
    try (OutputStream os = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f);
        Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", prefix + "/" + i);
        if (html) {
          m.put("html", "<html><head><style>p{}</style><script>var x=1;</script></head><body><p>page " + i + "</p><p>two</p></body></html>");
        } else {
          m.put("text", "document " + i);
        }
        if (labels.length > 0) {
          m.put("domain", labels[i % labels.length]);
        }
        w.write(Json.MAPPER.writeValueAsString(m) + "\n");
      }
    }
    return f;
  }

  @Test
  void splitIsByIdAndDisjoint() throws IOException {
    Path f = write("a.jsonl.gz", "a", 2000, new String[] {"x", "y"}, false);
    LabelledData.Options o = LabelledData.Options.of("domain");
    LabelledData.Splits s = LabelledData.readSplits(List.of(f), o, m -> {});
    Set<String> train = new HashSet<>();
    s.train().forEach(e -> train.add(e.id()));
    for (Example e : s.heldOut()) {
      assertFalse(train.contains(e.id()));
      assertTrue(LabelledData.heldOut(e.id(), 0.1));
    }
    assertEquals(2000, s.train().size() + s.heldOut().size());
    assertTrue(s.heldOut().size() > 150 && s.heldOut().size() < 250, "about 10% held out: " + s.heldOut().size());
    // The same ids are held out whatever the sampling caps.
    LabelledData.Splits capped = LabelledData.readSplits(List.of(f), o.withCaps(500, 0), m -> {});
    for (Example e : capped.heldOut()) {
      assertTrue(LabelledData.heldOut(e.id(), 0.1));
    }
    assertEquals(500, capped.train().size() + capped.heldOut().size());
  }

  @Test
  void capsBalanceFilesAndLabels() throws IOException {
    Path big = write("big.jsonl", "big", 3000, new String[] {"tech"}, false);
    Path small = write("small.jsonl", "small", 300, new String[] {"quotes"}, false);
    Path other = write("other.jsonl", "other", 3000, new String[] {"tech"}, false);
    List<Example> all = LabelledData.read(List.of(big, small, other), LabelledData.Options.of("domain").withHoldout(0).withCaps(1000, 1500),
        LabelledData.Split.ALL, m -> {});
    Map<String, Integer> perLabel = new LinkedHashMap<>();
    Map<String, Integer> perFile = new LinkedHashMap<>();
    for (Example e : all) {
      perLabel.merge(e.label(), 1, Integer::sum);
      perFile.merge(e.id().substring(0, e.id().indexOf('/')), 1, Integer::sum);
    }
    assertEquals(Map.of("tech", 1500, "quotes", 300), perLabel);
    assertEquals(300, perFile.get("small"));
    assertTrue(perFile.get("big") > 600 && perFile.get("other") > 600, "both big files contribute: " + perFile);
    // Deterministic: the same sample again.
    List<Example> again = LabelledData.read(List.of(big, small, other), LabelledData.Options.of("domain").withHoldout(0).withCaps(1000, 1500),
        LabelledData.Split.ALL, m -> {});
    assertEquals(all.stream().map(Example::id).toList(), again.stream().map(Example::id).toList());
  }

  @Test
  void htmlIsConvertedAndUnlabelledRecordsSkipped() throws IOException {
    Path h = write("h.jsonl", "h", 5, new String[] {"tech"}, true);
    Path u = write("u.jsonl", "u", 5, new String[0], false);
    List<String> log = new ArrayList<>();
    List<Example> ex = LabelledData.read(List.of(h, u), LabelledData.Options.of("domain").withHoldout(0), LabelledData.Split.ALL, log::add);
    assertEquals(5, ex.size());
    assertEquals("page 0\ntwo", ex.get(0).text());
    assertTrue(log.stream().anyMatch(l -> l.contains("skipped 5 records without 'domain'")), log.toString());
  }

  @Test
  void badJsonNamesFileAndLine() throws IOException {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(f, "{\"id\": 1, \"text\": \"ok\", \"domain\": \"x\"}\n{not json\n");
    IOException e = assertThrows(IOException.class,
        () -> LabelledData.read(List.of(f), LabelledData.Options.of("domain"), LabelledData.Split.ALL, m -> {}));
    assertTrue(e.getMessage().contains("bad.jsonl line 2"), e.getMessage());
  }
}
