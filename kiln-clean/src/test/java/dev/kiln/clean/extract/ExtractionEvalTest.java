package dev.kiln.clean.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.SharedData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison {@code kiln eval extract} prints: its four rows and the most frequent boilerplate lines. */
class ExtractionEvalTest {
  @Test
  @SuppressWarnings("unchecked")
  void comparesKilnWithAllVisibleTextOnAllAndSelfContainedPages() throws Exception {
    Map<String, String> pages = ExtractionEval.load(SharedData.corpus("kernel-html"), "html", 40);
    Map<String, String> sources = ExtractionEval.load(SharedData.corpus("kernel-docs"), "text", 0);
    Map<String, Object> rows = ExtractionEval.compare(pages, sources);
    assertEquals(List.of("kiln_all_pages", "kiln_self_contained_pages", "all_visible_text_all_pages", "all_visible_text_self_contained_pages"),
        List.copyOf(rows.keySet()));
    Map<String, Object> kiln = (Map<String, Object>) rows.get("kiln_all_pages");
    Map<String, Object> self = (Map<String, Object>) rows.get("kiln_self_contained_pages");
    Map<String, Object> all = (Map<String, Object>) rows.get("all_visible_text_all_pages");
    long pairs = ((Number) kiln.get("pairs")).longValue();
    assertTrue(pairs > 20, kiln.toString());
    assertEquals(pairs, ((Number) all.get("pairs")).longValue(), "both extractors on the same pairs");
    assertTrue(((Number) self.get("pairs")).longValue() < pairs, self.toString());
    assertTrue(((Number) kiln.get("similarity_f1")).doubleValue() > ((Number) all.get("similarity_f1")).doubleValue(), rows.toString());

    List<Map.Entry<String, Integer>> top = ExtractionEval.frequentBoilerplate(pages, sources, 3);
    assertTrue(!top.isEmpty() && top.size() <= 3, top.toString());
    for (int i = 1; i < top.size(); i++) {
      assertTrue(top.get(i - 1).getValue() >= top.get(i).getValue(), "most frequent first: " + top);
    }
  }
}
