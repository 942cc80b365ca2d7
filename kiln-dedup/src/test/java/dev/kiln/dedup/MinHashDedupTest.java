package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinHashDedupTest {
  @TempDir
  Path tmp;

  static GlobalStage stage(Map<String, Object> params) {
    return (GlobalStage) StageRegistry.of(List.of(MinHashDedup.class)).create("minhash_dedup", params, k -> 0);
  }

  /** Random text of {@code words} words over a vocabulary large enough that unrelated texts share no 5-gram. */
  static String words(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append("w").append(r.nextInt(5000));
    }
    return sb.toString();
  }

  /** Replaces {@code edits} words at random (each changes up to 5 shingles). */
  static String edit(Random r, String text, int edits) {
    String[] w = text.split(" ");
    for (int i = 0; i < edits; i++) {
      w[r.nextInt(w.length)] = "x" + r.nextInt(1000);
    }
    return String.join(" ", w);
  }

  @Test
  void clustersNearDuplicatesAndKeepsTheBestScored() {
    Random r = new Random(3);
    List<Document> docs = new ArrayList<>();
    String a = words(r, 400);
    String b = words(r, 400);
    docs.add(Harness.doc("a0", a, "q", 0.1));
    docs.add(Harness.doc("u0", words(r, 300), "q", 0.5));
    docs.add(Harness.doc("a1", "BREAKING: " + edit(r, a, 3).toUpperCase() + " !!!", "q", 0.9));
    docs.add(Harness.doc("b0", b, "q", 0.2));
    docs.add(Harness.doc("a2", edit(r, a, 5), "q", 0.9));
    docs.add(Harness.doc("b1", edit(r, b, 2)));
    docs.add(Harness.doc("u1", words(r, 300), "q", 0.5));
    docs.add(Harness.doc("empty", "  ... !!"));
    Harness.Result res = Harness.run(stage(Map.of("score_field", "q")), docs, 3, 2, tmp);

    // a1 and a2 tie on score: the first in input order (a1) is kept; b1 has no score, so b0 wins.
    assertEquals(List.of("u0", "a1", "b0", "u1", "empty"), res.keptIds());
    Map<String, Object> a0 = res.dropOf("a0");
    assertEquals("near_duplicate", a0.get("reason"));
    // The detail names the kept twin, which is also the cluster.
    assertEquals("a1", a0.get("detail"), a0.toString());
    assertEquals("a1", res.dropOf("a2").get("detail"));
    assertEquals("b0", res.dropOf("b1").get("detail"));
    Document a1 = res.kept().get(1);
    assertEquals("a1", a1.meta("minhash_dedup.cluster"));
    assertEquals(3, ((Number) a1.meta("minhash_dedup.cluster_size")).intValue());
    assertNull(res.kept().get(0).meta("minhash_dedup.cluster"), "a document without duplicates is not annotated");
    var s = res.stats().stage("minhash_dedup");
    assertEquals(8, s.inCount());
    assertEquals(5, s.keptCount());
    assertEquals(3, s.droppedCount());
    assertEquals(2, s.counter("clusters"));
    assertTrue(s.counter("verified_pairs") >= 3, s.toString());
  }

  @Test
  void perDomainThresholds() {
    // Pairs of measured Jaccard between 0.7 and 0.8: duplicates for news (0.7), not for books (0.8).
    Random r = new Random(11);
    List<Document> docs = new ArrayList<>();
    Map<String, Double> sims = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      String domain = i % 2 == 0 ? "news" : "books";
      String base = words(r, 300);
      String variant;
      double j;
      int edits = 4;
      do {
        variant = edit(r, base, edits++);
        j = Shingles.jaccard(Shingles.of(base, Shingles.Mode.WORDS, 5, 5), Shingles.of(variant, Shingles.Mode.WORDS, 5, 5));
      } while (j >= 0.78);
      sims.put("v" + i, j);
      docs.add(Harness.doc("o" + i, base, "domain", domain));
      docs.add(Harness.doc("v" + i, variant, "domain", domain));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("threshold", 0.8);
    params.put("thresholds", Map.of("news", 0.7, "books", 0.8));
    // Bands of 4 rows: a pair at 0.7 shares a bucket with probability 0.9998, so only verification decides.
    params.put("bands", 32);
    params.put("rows", 4);
    Harness.Result res = Harness.run(stage(params), docs, 2, 2, tmp);
    Set<String> kept = Set.copyOf(res.keptIds());
    for (int i = 0; i < 40; i++) {
      boolean dup = i % 2 == 0 && sims.get("v" + i) >= 0.7;
      assertEquals(!dup, kept.contains("v" + i), "v" + i + " jaccard " + sims.get("v" + i));
      assertTrue(kept.contains("o" + i));
    }
  }

  @Test
  void sameOutputOnOneOrTwoThreadsAndAnyPartitioning() {
    List<Document> docs = SharedData.documents("fortunes", 1500);
    GlobalStage s = stage(Map.of());
    Harness.Result one = Harness.run(s, docs, 3, 1, tmp.resolve("one"));
    Harness.Result two = Harness.run(s, docs, 3, 2, tmp.resolve("two"));
    assertEquals(one.kept(), two.kept());
    assertEquals(one.dropped(), two.dropped());
    assertTrue(one.dropped().size() > 0, "fortunes repeats itself; nothing found");
    // The input's partitioning must not change which documents are kept.
    Harness.Result five = Harness.run(s, docs, 5, 2, tmp.resolve("five"));
    assertEquals(one.keptIds(), five.keptIds());
  }

  /**
   * On real text, every cluster must be a union of true components (pairs at Jaccard >= 0.8 by
   * brute force), and almost every true component must be found.
   */
  @Test
  void agreesWithBruteForceOnRealText() {
    List<Document> docs = new ArrayList<>(SharedData.documents("fortunes", 2500));
    int n = docs.size();
    long[][] sh = new long[n][];
    for (int i = 0; i < n; i++) {
      sh[i] = Shingles.of(docs.get(i).text(), Shingles.Mode.AUTO, 5, 5);
    }
    UnionFind truth = new UnionFind(n);
    int truePairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (sh[i].length > 0 && sh[j].length > 0 && Shingles.jaccard(sh[i], sh[j]) >= 0.8) {
          truth.union(i, j);
          truePairs++;
        }
      }
    }
    Harness.Result res = Harness.run(stage(Map.of()), docs, 2, 2, tmp);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(docs.get(i).id(), i);
    }
    // Each dropped document's cluster (named by the kept twin) lies inside one true component.
    int dropped = 0;
    for (Map<String, Object> d : res.dropped()) {
      String detail = d.get("detail").toString();
      String kept = detail.replaceAll(".*\"kept\":\"([^\"]+)\".*", "$1");
      assertEquals(truth.find(index.get(kept)), truth.find(index.get(d.get("id").toString())), detail);
      dropped++;
    }
    int expected = n - truth.count();
    assertTrue(truePairs > 20, "sample has too few duplicates to test: " + truePairs);
    assertTrue(dropped >= 0.95 * expected && dropped <= expected, "dropped " + dropped + ", brute force says " + expected);
  }

  @Test
  void chineseIsShingledByCharacters() {
    List<Document> poems = SharedData.documents("chinese-poetry", 400);
    List<Document> docs = new ArrayList<>(poems);
    // Punctuation and spacing changes only: must be found.
    for (int i = 0; i < 50; i++) {
      Document p = poems.get(i * 7);
      docs.add(Harness.doc(p.id() + "-copy", p.text().replace("，", ", ").replace("。", ". ")));
    }
    assertEquals(Shingles.Mode.CHARS, Shingles.resolve(poems.get(0).text(), Shingles.Mode.AUTO));
    Harness.Result res = Harness.run(stage(Map.of()), docs, 2, 2, tmp);
    for (int i = 0; i < 50; i++) {
      String id = poems.get(i * 7).id();
      assertNotNull(res.dropOf(id + "-copy"), id);
    }
  }

  /**
   * The defaults on a sample of the labelled benchmark (web-style variants of real documents, hard
   * negatives; truth = measured Jaccard of 5-gram shingles >= 0.8): precision >= 0.97, recall >= 0.95.
   * The full benchmark is {@code kiln bench dedup --labelled en|zh}.
   */
  @Test
  void labelledSampleEnglish() {
    List<Document> base = new ArrayList<>();
    SharedData.documents("kernel-docs", 400).stream().filter(d -> "en".equals(d.meta("lang")) && d.text().length() < 20000).limit(150).forEach(base::add);
    SharedData.documents("fortunes", 3000).stream().filter(d -> Shingles.units(d.text(), Shingles.Mode.WORDS).length >= 30).limit(150).forEach(base::add);
    assertLabelledQuality(base, false);
  }

  @Test
  void labelledSampleChinese() {
    List<Document> base = new ArrayList<>(SharedData.documents("chinese-poetry", 5000).stream()
        .filter(d -> Shingles.units(d.text(), Shingles.Mode.WORDS).length >= 60).limit(300).toList());
    assertLabelledQuality(base, true);
  }

  private void assertLabelledQuality(List<Document> base, boolean zh) {
    List<Document> docs = dev.kiln.dedup.eval.LabelledSet.build(base, zh, 42);
    List<long[]> sets = docs.stream().map(d -> Shingles.of(d.text(), Shingles.Mode.AUTO, 5, 5)).toList();
    List<int[]> truth = dev.kiln.dedup.eval.ExactJaccard.pairs(sets, 0.8);
    Harness.Result res = Harness.run(stage(Map.of()), docs, 2, 2, tmp);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      index.put(docs.get(i).id(), i);
    }
    int[] labels = new int[docs.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i;
    }
    for (Map<String, Object> d : res.dropped()) {
      String kept = d.get("detail").toString().replaceAll(".*\"kept\":\"([^\"]+)\".*", "$1");
      labels[index.get(d.get("id").toString())] = index.get(kept);
    }
    dev.kiln.dedup.eval.PairMetrics m = dev.kiln.dedup.eval.PairMetrics.of(labels, truth);
    assertTrue(truth.size() > 100, "too few true pairs: " + truth.size());
    assertTrue(m.precision() >= 0.97 && m.recall() >= 0.95, m.toString());
  }

  @Test
  void parameterChecksFailAtParseTime() {
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("threshold", 1.5), Map.of("bands", 10),
        Map.of("bands", 20, "rows", 10), Map.of("thresholds", Map.of("news", 0.7), "verify", "none"))) {
      try {
        stage(bad);
        throw new AssertionError("accepted " + bad);
      } catch (dev.kiln.core.recipe.RecipeException expected) {
        // good
      }
    }
  }

  static final class UnionFind {
    final int[] parent;
    int sets;

    UnionFind(int n) {
      parent = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
      }
      sets = n;
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra != rb) {
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
        sets--;
      }
    }

    int count() {
      return sets;
    }
  }
}
