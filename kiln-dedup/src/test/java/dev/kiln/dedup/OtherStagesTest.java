package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherStagesTest {
  @TempDir
  Path tmp;

  static GlobalStage stage(String name, Map<String, Object> params) {
    return (GlobalStage) StageRegistry.load().create(name, params, k -> 0);
  }

  @Test
  void lineDedupRemovesRepeatedLinesKeepingTheFirst() {
    String footer = "Copyright 2021 Example Corp. All rights reserved.";
    List<Document> docs = List.of(
        Harness.doc("d1", "First article body here.\n" + footer + "\nok", "source", "web"),
        Harness.doc("d2", "Second article, different.\ncopyright 2024 example corp - all rights reserved\nok", "source", "web"),
        Harness.doc("d3", footer + "\n", "source", "web"),
        Harness.doc("d4", "Third one.\n\n" + footer, "source", "mail"));
    Harness.Result res = Harness.run(stage("line_dedup", Map.of()), docs, 2, 2, tmp);
    assertEquals(List.of("d1", "d2", "d4"), res.keptIds());
    assertEquals("First article body here.\n" + footer + "\nok", res.kept().get(0).text());
    assertEquals("Second article, different.\nok", res.kept().get(1).text(), "digits and punctuation are normalized; short 'ok' lines stay");
    assertEquals("Third one.\n\n", res.kept().get(2).text());
    assertEquals("all_units_repeated", res.dropOf("d3").get("reason"));
    var s = res.stats().stage("line_dedup");
    assertEquals(3, s.counter("units_removed"));
    assertEquals(footer.length(), s.counter("removed_bytes.mail"));
  }

  @Test
  void lineDedupIsDeterministicOnRealText() {
    List<Document> docs = SharedData.documents("kernel-docs", 600);
    GlobalStage s = stage("line_dedup", Map.of("max_repeats", 2));
    Harness.Result one = Harness.run(s, docs, 3, 1, tmp.resolve("1"));
    Harness.Result two = Harness.run(s, docs, 3, 2, tmp.resolve("2"));
    assertEquals(one.kept(), two.kept());
    assertTrue(one.stats().stage("line_dedup").counter("units_removed") > 100, one.stats().toString());
    // Paragraph mode removes the SPDX/licence boilerplate paragraphs that open most kernel files.
    Harness.Result para = Harness.run(stage("line_dedup", Map.of("unit", "paragraphs")), docs, 3, 2, tmp.resolve("p"));
    assertTrue(para.stats().stage("line_dedup").counter("units_removed") > 0);
  }

  @Test
  void decontaminateFindsSharedThirteenGrams() throws Exception {
    Path eval = tmp.resolve("quiz.jsonl");
    String question = "Which of the following best describes the main function of the mitochondria in a eukaryotic cell?";
    Files.writeString(eval, "{\"question\": \"" + question + "\", \"answer\": \"energy\"}\n");
    List<Document> docs = List.of(
        Harness.doc("leak", "Study notes. WHICH of the following, best describes the main function of the mitochondria in a cell? Answer..."),
        Harness.doc("twelve", "Which of the following best describes the main function of the mitochondria ... inside something else entirely."),
        Harness.doc("clean", "Mitochondria produce energy."));
    Map<String, Object> params = Map.of("eval_sets", Map.of("quiz", eval.toString()), "fields", List.of("question"));
    Harness.Result res = Harness.run(stage("decontaminate", params), docs, 1, 2, tmp.resolve("drop"));
    assertEquals(List.of("twelve", "clean"), res.keptIds());
    assertEquals("quiz", res.dropOf("leak").get("detail"));
    assertEquals(1, res.stats().stage("decontaminate").counter("hits.quiz"));
    Map<String, Object> mark = new java.util.HashMap<>(params);
    mark.put("action", "mark");
    Harness.Result marked = Harness.run(stage("decontaminate", mark), docs, 1, 2, tmp.resolve("mark"));
    assertEquals(3, marked.kept().size());
    assertEquals(List.of("quiz"), marked.kept().get(0).meta("decontaminate.hits"));
    assertNull(marked.kept().get(1).meta("decontaminate.hits"));
  }

  @Test
  void simhashFindsEditedShortTexts() {
    List<Document> fortunes = SharedData.documents("fortunes", 4000);
    List<Document> docs = new ArrayList<>();
    List<String> copies = new ArrayList<>();
    Random r = new Random(2);
    for (Document d : fortunes) {
      docs.add(d);
      int words = Shingles.units(d.text(), Shingles.Mode.WORDS).length;
      if (words >= 30 && words <= 48 && copies.size() < 40 && r.nextInt(4) == 0) {
        // Case, spacing and punctuation lost, one word dropped: a near-duplicate short text.
        List<String> w = new ArrayList<>(List.of(d.text().split("\\s+")));
        w.remove(r.nextInt(w.size()));
        docs.add(Harness.doc(d.id() + "-edit", String.join("  ", w).replaceAll("[.,;!?]", "").toUpperCase()));
        copies.add(d.id() + "-edit");
      }
    }
    Harness.Result res = Harness.run(stage("simhash_dedup", Map.of()), docs, 2, 2, tmp);
    int found = 0;
    for (String c : copies) {
      if (res.dropOf(c) != null) {
        found++;
      }
    }
    System.out.println("simhash found " + found + " of " + copies.size());
    assertTrue(found >= 0.6 * copies.size(), "found " + found + " of " + copies.size());
    // Every drop must be a true near-duplicate: within 3 bits of its kept twin.
    java.util.Map<String, Document> byId = new java.util.HashMap<>();
    docs.forEach(d -> byId.put(d.id(), d));
    for (Map<String, Object> d : res.dropped()) {
      String kept = d.get("detail").toString().replaceAll(".*\"kept\":\"([^\"]+)\".*", "$1");
      assertNotNull(byId.get(kept));
      assertTrue(res.keptIds().contains(kept));
    }
    // Long texts never take part.
    Document longDoc = fortunes.stream().filter(d -> d.text().split("\\s+").length > 60).findFirst().orElseThrow();
    Harness.Result twice = Harness.run(stage("simhash_dedup", Map.of()), List.of(longDoc, Harness.doc("copy", longDoc.text())), 1, 1, tmp.resolve("long"));
    assertEquals(2, twice.kept().size());
  }
}
