package dev.kiln.clean.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.testing.SharedData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keep rates of every rule, with its English-tuned defaults, on the real corpora, per language.
 * The CJK-awareness claims are checked here:
 *
 * <ul>
 *   <li>chinese-poetry: each stage keeps at least 80% of the poems it judges on content. Drops for
 *       length (gopher too_few_words: under 50 words; c4 too_few_sentences: under 5 sentences) are
 *       excluded from the denominator: those rules are legitimately about length, and a
 *       20-character quatrain is a short document in any language (a CJK character already
 *       counts as a whole word, about twice what it carries in English).</li>
 *   <li>kernel-docs: on the same corpus, Chinese documents are kept about as often as English ones
 *       (within 15 points) by every stage: a rule may dislike the format, not the language.</li>
 *   <li>spam-assassin: the keyword lists hit spam far more often than ham.</li>
 * </ul>
 * The table is printed so the numbers in kiln-clean/README.md can be checked.
 */
class KeepRatesTest {
  static final List<String> STAGES = List.of("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality", "char_ratio",
      "char_repetition", "url_ratio", "keyword_filter", "toxic_filter");
  static final Set<String> LENGTH_REASONS = Set.of("gopher_quality.too_few_words", "c4_quality.too_few_sentences");

  /** Per stage: group -> {judged, kept, dropped for length}. */
  static Map<String, Map<String, int[]>> rates(List<Document> docs, String groupKey) throws Exception {
    StageRegistry reg = StageRegistry.load();
    Map<String, Map<String, int[]>> out = new LinkedHashMap<>();
    for (String name : STAGES) {
      DocumentStage s = (DocumentStage) reg.create(name, Map.of());
      Map<String, int[]> g = new TreeMap<>();
      for (Document d : docs) {
        String group = d.metaString(groupKey, "?");
        int[] c = g.computeIfAbsent(group, k -> new int[3]);
        Outcome o = s.apply(d);
        c[0]++;
        if (o.kept()) {
          c[1]++;
        } else if (LENGTH_REASONS.contains(o.dropReason())) {
          c[2]++;
        }
      }
      out.put(name, g);
      StringBuilder line = new StringBuilder(String.format("%-18s", name));
      g.forEach((k, c) -> line.append(String.format("  %s %.1f%% (%d; length drops %d)", k, 100.0 * c[1] / c[0], c[0], c[2])));
      System.out.println(line);
    }
    return out;
  }

  static double contentKeep(int[] c) {
    return (double) c[1] / Math.max(1, c[0] - c[2]);
  }

  @Test
  void chinesePoetryIsNotDroppedForBeingChinese() throws Exception {
    System.out.println("chinese-poetry (first 20000):");
    Map<String, Map<String, int[]>> r = rates(SharedData.documents("chinese-poetry", 20000), "lang");
    for (String stage : STAGES) {
      int[] c = r.get(stage).get("zh-Hant");
      assertTrue(contentKeep(c) >= 0.8, stage + " keeps " + contentKeep(c) + " of chinese-poetry judged on content");
    }
    int[] toxic = r.get("toxic_filter").get("zh-Hant");
    assertTrue(toxic[1] >= toxic[0] * 0.999, "classical poems are not toxic");
  }

  @Test
  void chineseAndEnglishKernelDocsAreKeptAlike() throws Exception {
    System.out.println("kernel-docs:");
    List<Document> docs = SharedData.documents("kernel-docs", 6000).stream()
        .map(d -> d.withMeta("lang", d.metaString("lang", "?").startsWith("zh") ? "zh" : d.metaString("lang", "?"))).toList();
    Map<String, Map<String, int[]>> r = rates(docs, "lang");
    for (String stage : STAGES) {
      int[] en = r.get(stage).get("en");
      int[] zh = r.get(stage).get("zh");
      double ke = (double) en[1] / en[0];
      double kz = (double) zh[1] / zh[0];
      assertTrue(kz >= ke - 0.15, stage + ": zh kept " + kz + " vs en " + ke);
    }
  }

  @Test
  void fortunesChineseQuotesJudgedOnContent() throws Exception {
    System.out.println("fortunes:");
    Map<String, Map<String, int[]>> r = rates(SharedData.documents("fortunes", 21000), "lang");
    for (String stage : STAGES) {
      if (stage.equals("fineweb_quality")) {
        continue; // one-line quotes are short lines in any language (en is checked alike below)
      }
      int[] zh = r.get(stage).get("zh");
      assertTrue(contentKeep(zh) >= 0.8, stage + " keeps " + contentKeep(zh) + " of zh fortunes judged on content");
    }
    int[] fe = r.get("fineweb_quality").get("en");
    int[] fz = r.get("fineweb_quality").get("zh");
    assertTrue((double) fz[1] / fz[0] >= (double) fe[1] / fe[0] - 0.15, "fineweb: zh quotes kept like en ones");
  }

  @Test
  void keywordListsSeparateSpamFromHam() throws Exception {
    System.out.println("spam-assassin:");
    Map<String, Map<String, int[]>> r = rates(SharedData.documents("spam-assassin", 7000), "label");
    int[] spam = r.get("keyword_filter").get("spam");
    int[] ham = r.get("keyword_filter").get("ham");
    double spamDrop = 1 - (double) spam[1] / spam[0];
    double hamDrop = 1 - (double) ham[1] / ham[0];
    assertTrue(spamDrop >= 0.1 && spamDrop >= 5 * hamDrop, "spam dropped " + spamDrop + ", ham " + hamDrop);
  }
}
