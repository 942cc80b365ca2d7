package dev.kiln.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's data of a real run: every section present, consistent with stats.json, deterministic. */
class ReportTest {
  @Test
  @SuppressWarnings("unchecked")
  void everySectionOfADemoLikeRun() throws Exception {
    Path out = DemoRun.output();
    Map<String, Object> model = Report.model(out);
    Path file = Report.write(out);
    byte[] first = Files.readAllBytes(file);
    Report.write(out);
    assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(file)), "the same directory gives the same report");
    String html = Files.readString(file);
    assertFalse(html.contains(out.toString()), "no absolute paths in the report");
    assertFalse(html.contains("http://") && html.contains("<script src"), "nothing loaded from the network");

    Map<String, Object> funnel = (Map<String, Object>) model.get("funnel");
    List<Map<String, Object>> stages = (List<Map<String, Object>>) funnel.get("stages");
    assertEquals("read", stages.get(0).get("stage"));
    assertEquals(10, stages.size());

    List<Map<String, Object>> sections = (List<Map<String, Object>>) model.get("stages");
    Map<String, Object> gopher = sections.stream().filter(s -> s.get("stage").equals("gopher_quality")).findFirst().orElseThrow();
    List<Map<String, Object>> charts = (List<Map<String, Object>>) gopher.get("charts");
    Map<String, Object> words = charts.stream().filter(c -> c.get("column").equals("gopher_quality.words")).findFirst().orElseThrow();
    List<Map<String, Object>> th = (List<Map<String, Object>>) words.get("thresholds");
    assertTrue(th.stream().anyMatch(t -> t.get("param").equals("min_words") && ((Number) t.get("value")).intValue() == 8), th.toString());
    assertTrue(th.stream().anyMatch(t -> t.get("label").toString().startsWith("source=tang-poems")), th.toString());
    Map<String, Object> length = ((List<Map<String, Object>>) sections.get(1).get("charts")).get(0);
    assertEquals("chars", length.get("column"));
    assertEquals("log1p", length.get("scale"));

    assertFalse(((List<Object>) model.get("composition")).isEmpty());
    List<Map<String, Object>> dedup = (List<Map<String, Object>>) model.get("dedup");
    assertEquals(List.of("exact_dedup", "minhash_dedup"), dedup.stream().map(d -> d.get("stage")).toList());
    assertEquals(1, ((List<Object>) model.get("mix")).size());
    List<Map<String, Object>> packs = (List<Map<String, Object>>) model.get("pack");
    assertEquals(1, packs.size());
    assertEquals(true, packs.get(0).get("decoded"));
    assertFalse(((List<Object>) packs.get(0).get("sequences")).isEmpty());
    List<Map<String, Object>> samples = (List<Map<String, Object>>) model.get("samples");
    assertTrue(samples.stream().anyMatch(s -> "duplicate".equals(s.get("reason")) && s.get("text") != null));
    assertTrue(samples.stream().anyMatch(s -> "kept".equals(s.get("outcome"))));
  }
}
