package dev.kiln.pipeline.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Accumulators;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RunProfileTest {
  private static final String STAGE = "s";

  /** Records one document the way the profiler does: a row, a sampled document, the breakdown. */
  private static void record(RunProfile run, Document d, int i) {
    RunProfile.Stage p = run.stage(STAGE);
    long h = Profiler.hash(d.id());
    String reason = d.text().length() < 60 ? "too_short" : i % 7 == 0 ? "reason_" + (i % 40) : null;
    Map<String, Double> measured = new TreeMap<>(Map.of("len.ratio", (d.text().length() % 97) / 97.0, "len.words", (double) d.text().split(" ").length));
    Map<String, Double> row = new TreeMap<>(measured);
    row.put(Profiler.CHARS, (double) d.text().codePointCount(0, d.text().length()));
    p.samples().row(h, reason, row);
    if (p.samples().wantsDoc(h, reason)) {
      p.samples().doc(Profiler.sampled(h, d.id(), reason, null, d, measured));
    }
    Document b = d.withMeta("source", "s" + (i % 300)).withMeta("tokens", i);
    p.breakdown().add(b.meta(), b.text().codePointCount(0, b.text().length()), i);
  }

  private static List<Document> docs() {
    return SharedData.documents("fortunes", 5000);
  }

  private static String json(RunProfile p) throws Exception {
    return Json.MAPPER.writeValueAsString(p);
  }

  @Test
  void theSameSampleWhateverThePartitioningAndMergeOrder() throws Exception {
    List<Document> docs = docs();
    RunProfile whole = new RunProfile();
    for (int i = 0; i < docs.size(); i++) {
      record(whole, docs.get(i), i);
    }
    Random rnd = new Random(7);
    for (int trial = 0; trial < 4; trial++) {
      int parts = 2 + rnd.nextInt(30);
      List<RunProfile> ps = new ArrayList<>();
      for (int k = 0; k < parts; k++) {
        ps.add(new RunProfile());
      }
      for (int i = 0; i < docs.size(); i++) {
        record(ps.get(rnd.nextInt(parts)), docs.get(i), i);
      }
      Collections.shuffle(ps, rnd);
      RunProfile merged = new RunProfile();
      // Merge in a tree of random shape, as batches into tasks into runs.
      while (ps.size() > 1) {
        RunProfile a = ps.remove(rnd.nextInt(ps.size()));
        RunProfile b = ps.remove(rnd.nextInt(ps.size()));
        a.merge(b);
        ps.add(a);
      }
      merged.merge(ps.get(0));
      assertEquals(json(whole), json(merged), "trial " + trial);
    }
    Samples s = whole.get(STAGE).samples();
    assertEquals(Samples.KEPT_ROWS, s.keptRows().items().size());
    assertEquals(Samples.DROPPED_ROWS, s.droppedRows().items().size());
    assertEquals(Samples.DOCS, s.keptDocs().items().size());
    // The caps keep the alphabetically first names.
    assertEquals(Samples.MAX_REASONS, s.droppedDocs().size());
    assertTrue(s.droppedDocs().containsKey("reason_0") && s.droppedDocs().containsKey("too_short") == false,
        s.droppedDocs().keySet().toString());
    Map<String, Breakdown.Counts> sources = whole.get(STAGE).breakdown().counts().get("source");
    assertEquals(Breakdown.MAX_VALUES + 1, sources.size());
    long total = sources.values().stream().mapToLong(Breakdown.Counts::documents).sum();
    assertEquals(docs.size(), total);
    assertTrue(sources.containsKey(Breakdown.OTHER));
  }

  @Test
  void jsonRoundTripIsExact() throws Exception {
    List<Document> docs = docs();
    RunProfile p = new RunProfile();
    for (int i = 0; i < docs.size(); i++) {
      record(p, docs.get(i), i);
    }
    String json = json(p);
    RunProfile back = Json.MAPPER.readValue(json, RunProfile.class);
    assertEquals(json, json(back));
    // Through the engine's accumulators, as task markers and executor reports carry it.
    Accumulators task = new Accumulators(List.of(Profiler.ACCUMULATOR));
    task.value(Profiler.ACCUMULATOR).merge(p);
    Accumulators run = new Accumulators(List.of(Profiler.ACCUMULATOR));
    run.mergeJson(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(task.toJson()), Json.MAP));
    assertEquals(json, json(run.value(Profiler.ACCUMULATOR)));
    // The accounting (stats.json, markers) carries counts only.
    assertTrue(!Json.MAPPER.writeValueAsString(new StageStats().counts()).contains("profile"));
  }

  @Test
  void excerptsCutOnCodePoints() {
    String text = "a".repeat(Profiler.EXCERPT_CHARS - 1) + "\uD83D\uDE00tail";
    String e = Profiler.excerpt(text);
    assertEquals(Profiler.EXCERPT_CHARS - 1, e.length());
  }
}
