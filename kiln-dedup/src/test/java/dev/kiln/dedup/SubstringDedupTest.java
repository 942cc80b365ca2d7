package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubstringDedupTest {
  @TempDir
  Path tmp;

  static GlobalStage stage(Map<String, Object> params) {
    return (GlobalStage) StageRegistry.of(List.of(SubstringDedup.class)).create("substring_dedup", params, k -> 0);
  }

  /**
   * The reference: a token position is a repeat when the L tokens from it (within its document)
   * occurred at an earlier position anywhere; repeats are cut as [p, p + L).
   */
  static List<String> reference(List<Document> docs, int l) {
    Map<String, Boolean> seen = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (Document d : docs) {
      int[] h = SubstringDedup.tokenHashes(d.text());
      List<Integer> ranges = new ArrayList<>();
      for (int p = 0; p + l <= h.length; p++) {
        String key = Arrays.toString(Arrays.copyOfRange(h, p, p + l));
        if (seen.putIfAbsent(key, true) != null) {
          int n = ranges.size();
          if (n > 0 && ranges.get(n - 1) >= p) {
            ranges.set(n - 1, p + l);
          } else {
            ranges.add(p);
            ranges.add(p + l);
          }
        }
      }
      String text = Units.TOKENS.cut(d.text(), Units.TOKENS.bounds(d.text()), ranges.stream().mapToInt(Integer::intValue).toArray());
      out.add(text.isBlank() ? null : text);
    }
    return out;
  }

  @Test
  void matchesTheReferenceAcrossPieces() {
    List<Document> base = SharedData.documents("fortunes", 1500);
    Random r = new Random(4);
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      Document d = base.get(i);
      String text = d.text();
      if (i > 10 && r.nextInt(5) == 0) {
        // Quote a stretch of an earlier document, as pages quote each other.
        String src = base.get(r.nextInt(i)).text();
        int from = r.nextInt(Math.max(1, src.length() / 2));
        text = text + "\n\n" + src.substring(from);
      }
      docs.add(Document.of(d.id(), text, Map.of("source", i % 2 == 0 ? "even" : "odd")));
    }
    int l = 12;
    List<String> want = reference(docs, l);
    // Pieces of ~4k tokens: the merge of many piece suffix arrays is what finds most repeats.
    Harness.Result res = Harness.run(stage(Map.of("min_tokens", l, "piece_tokens", 4096)), docs, 3, 2, tmp);
    Map<String, String> got = new HashMap<>();
    res.kept().forEach(d -> got.put(d.id(), d.text()));
    int changed = 0;
    for (int i = 0; i < docs.size(); i++) {
      assertEquals(want.get(i), got.get(docs.get(i).id()), docs.get(i).id());
      if (!docs.get(i).text().equals(want.get(i))) {
        changed++;
      }
    }
    assertTrue(changed > 100, "too few repeats to test: " + changed);
    var s = res.stats().stage("substring_dedup");
    assertTrue(s.counter("pieces") > 10, s.toString());
    assertEquals(s.counter("removed_bytes"), s.counter("removed_bytes.even") + s.counter("removed_bytes.odd"));
  }

  @Test
  void chineseSpansAndDeterminism() {
    List<Document> poems = SharedData.documents("chinese-poetry", 3000);
    GlobalStage st = stage(Map.of("min_tokens", 20, "piece_tokens", 20000));
    Harness.Result one = Harness.run(st, poems, 2, 1, tmp.resolve("1"));
    Harness.Result two = Harness.run(st, poems, 2, 2, tmp.resolve("2"));
    assertEquals(one.kept(), two.kept());
    List<String> want = reference(poems, 20);
    Map<String, String> got = new HashMap<>();
    one.kept().forEach(d -> got.put(d.id(), d.text()));
    for (int i = 0; i < poems.size(); i++) {
      assertEquals(want.get(i), got.get(poems.get(i).id()), poems.get(i).id());
    }
    assertTrue(one.stats().stage("substring_dedup").counter("removed_bytes") > 0);
  }
}
