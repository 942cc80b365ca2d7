package dev.kiln.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StageProfileTest {
  /** Records one document the way the pipeline does: a row, a sampled document, the breakdown. */
  private static void record(StageProfile p, Document d, int i) {
    long h = StageProfile.hash(d.id());
    String reason = d.text().length() < 60 ? "too_short" : i % 7 == 0 ? "reason_" + (i % 40) : null;
    Map<String, Double> measured = new TreeMap<>(Map.of("len.ratio", (d.text().length() % 97) / 97.0, "len.words", (double) d.text().split(" ").length));
    Map<String, Double> row = new TreeMap<>(measured);
    row.put(StageProfile.CHARS, (double) d.text().codePointCount(0, d.text().length()));
    p.row(h, reason, row);
    if (reason == null) {
      p.kept(h, d, measured);
    } else {
      p.dropped(h, d.id(), reason, null, d, measured);
    }
    p.breakdown(d.withMeta("source", "s" + (i % 300)).withMeta("tokens", i));
  }

  private static List<Document> docs() {
    return SharedData.documents("fortunes", 5000);
  }

  @Test
  void theSameSampleWhateverThePartitioningAndMergeOrder() throws Exception {
    List<Document> docs = docs();
    StageProfile whole = new StageProfile();
    for (int i = 0; i < docs.size(); i++) {
      record(whole, docs.get(i), i);
    }
    Random rnd = new Random(7);
    for (int trial = 0; trial < 4; trial++) {
      int parts = 2 + rnd.nextInt(30);
      List<StageProfile> ps = new ArrayList<>();
      for (int k = 0; k < parts; k++) {
        ps.add(new StageProfile());
      }
      for (int i = 0; i < docs.size(); i++) {
        record(ps.get(rnd.nextInt(parts)), docs.get(i), i);
      }
      Collections.shuffle(ps, rnd);
      StageProfile merged = new StageProfile();
      // Merge in a tree of random shape, as batches into tasks into runs.
      while (ps.size() > 1) {
        StageProfile a = ps.remove(rnd.nextInt(ps.size()));
        StageProfile b = ps.remove(rnd.nextInt(ps.size()));
        a.merge(b);
        ps.add(a);
      }
      merged.merge(ps.get(0));
      assertEquals(Json.MAPPER.writeValueAsString(whole.toMap()), Json.MAPPER.writeValueAsString(merged.toMap()), "trial " + trial);
    }
    assertEquals(StageProfile.KEPT_ROWS, whole.keptRows().size());
    assertEquals(StageProfile.DROPPED_ROWS, whole.droppedRows().size());
    assertEquals(StageProfile.DOCS, whole.keptDocs().size());
    // The caps keep the alphabetically first names.
    assertEquals(StageProfile.MAX_REASONS, whole.droppedDocs().size());
    assertTrue(whole.droppedDocs().containsKey("reason_0") && whole.droppedDocs().containsKey("too_short") == false,
        whole.droppedDocs().keySet().toString());
    Map<String, long[]> sources = whole.breakdown().get("source");
    assertEquals(StageProfile.MAX_VALUES + 1, sources.size());
    long total = sources.values().stream().mapToLong(c -> c[0]).sum();
    assertEquals(docs.size(), total);
    assertTrue(sources.containsKey(StageProfile.OTHER));
  }

  @Test
  void jsonRoundTripIsExact() throws Exception {
    List<Document> docs = docs();
    StageProfile p = new StageProfile();
    for (int i = 0; i < docs.size(); i++) {
      record(p, docs.get(i), i);
    }
    String json = Json.MAPPER.writeValueAsString(p.toMap());
    StageProfile back = StageProfile.fromMap(Json.MAPPER.readValue(json, Json.MAP));
    assertEquals(json, Json.MAPPER.writeValueAsString(back.toMap()));
    assertEquals(p, back);
    // Through StageStats, as task markers carry it; stats.json leaves it out.
    StageStats s = new StageStats();
    s.profile().merge(p);
    StageStats r = StageStats.fromMap(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(s.toMap()), Json.MAP));
    assertEquals(s, r);
    assertTrue(!s.toMap(false).containsKey("profile"));
  }

  @Test
  void excerptsCutOnCodePoints() {
    String text = "a".repeat(StageProfile.EXCERPT_CHARS - 1) + "\uD83D\uDE00tail";
    String e = StageProfile.excerpt(text);
    assertEquals(StageProfile.EXCERPT_CHARS - 1, e.length());
  }
}
