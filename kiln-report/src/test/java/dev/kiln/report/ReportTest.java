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

  /**
   * Every rule of the demo that dropped documents has a histogram showing those dropped documents
   * against the rule's threshold (drawn, or listed when far outside the data).
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyRuleOfTheDemoShowsItsDropsAgainstItsThreshold() throws Exception {
    Path demo = Path.of("..", "out", "demo").toAbsolutePath().normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(demo.resolve("stats.json")), "SKIPPED: no demo output at " + demo + " (run scripts/demo.sh first)");
    Map<String, Object> model = Report.model(demo);
    int checked = 0;
    for (Map<String, Object> sec : (List<Map<String, Object>>) model.get("stages")) {
      if (!"document".equals(sec.get("kind"))) {
        continue;
      }
      List<Map<String, Object>> charts = (List<Map<String, Object>>) sec.get("charts");
      Map<String, Object> row = ((List<Map<String, Object>>) ((Map<String, Object>) model.get("funnel")).get("stages")).stream()
          .filter(r -> r.get("stage").equals(sec.get("stage"))).findFirst().orElseThrow();
      for (String reason : ((Map<String, Object>) row.get("reasons")).keySet()) {
        if (reason.equals("lang_not_allowed")) {
          continue; // a label outside a list: no threshold
        }
        boolean shown = charts.stream().anyMatch(c -> !(((List<Object>) c.get("thresholds")).isEmpty() && ((List<Object>) c.get("off_chart")).isEmpty())
            && ((List<Map<String, Object>>) c.get("series")).stream().anyMatch(x -> x.get("kind").equals("dropped")
                && (x.get("name").equals(reason) || x.get("name").equals("other reasons"))
                && ((List<Number>) x.get("counts")).stream().anyMatch(n -> n.longValue() > 0)));
        assertTrue(shown, sec.get("stage") + ": no histogram shows the documents dropped for " + reason + " against a threshold");
        checked++;
      }
    }
    assertTrue(checked >= 25, "rules checked: " + checked);
    // Measures whose threshold parameter is named otherwise: drawn from what the stage declares (@Param bounds).
    for (String[] m : new String[][] {{"lang_id", "lang_score", "min_score"}, {"gopher_quality", "gopher_quality.hash_ratio", "max_symbol_word_ratio"},
        {"gopher_repetition", "gopher_repetition.dup_5_gram", "dup_ngram_max"}, {"classify", "mail.ham", "min_score"}}) {
      Map<String, Object> sec = ((List<Map<String, Object>>) model.get("stages")).stream().filter(x -> x.get("stage").equals(m[0])).findFirst().orElseThrow();
      Map<String, Object> chart = ((List<Map<String, Object>>) sec.get("charts")).stream().filter(c -> c.get("column").equals(m[1])).findFirst().orElseThrow();
      List<Map<String, Object>> lines = new java.util.ArrayList<>((List<Map<String, Object>>) chart.get("thresholds"));
      lines.addAll((List<Map<String, Object>>) chart.get("off_chart"));
      assertTrue(lines.stream().anyMatch(t -> t.get("param").equals(m[2])), m[1] + ": " + lines);
      assertTrue(((List<Map<String, Object>>) chart.get("series")).stream().anyMatch(x -> x.get("kind").equals("dropped")), m[1] + " shows no dropped documents");
    }
  }
}
