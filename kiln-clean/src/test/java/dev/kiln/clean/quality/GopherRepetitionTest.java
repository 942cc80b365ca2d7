package dev.kiln.clean.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.clean.text.Lines;
import dev.kiln.clean.text.Tokens;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.testing.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gopher_repetition against a plain reference (lists of strings in hash maps, no hashing tricks, no
 * pruning of n-grams that cannot repeat) on real documents of every language: every measure equal.
 */
class GopherRepetitionTest {
  private static final Map<String, Double> OFF = Map.of("2", -1.0, "3", -1.0, "4", -1.0);
  private static final Map<String, Double> DUP_OFF = Map.of("5", -1.0, "6", -1.0, "7", -1.0, "8", -1.0, "9", -1.0, "10", -1.0);

  @Test
  void measuresEqualAPlainReferenceOnRealText() {
    GopherRepetition stage = new GopherRepetition(new GopherRepetition.Config(-1, -1, -1, -1, OFF, DUP_OFF));
    int docs = 0;
    for (String corpus : new String[] {"kernel-docs", "spam-assassin", "chinese-poetry", "jdk-src", "fortunes"}) {
      for (Document d : SharedData.documents(corpus, 300)) {
        Outcome o = stage.apply(d);
        assertTrue(o.kept());
        Map<String, Double> want = reference(d.text());
        for (Map.Entry<String, Double> e : want.entrySet()) {
          Object got = o.doc().meta("gopher_repetition." + e.getKey());
          assertEquals(Math.round(e.getValue() * 10000) / 10000.0, ((Number) got).doubleValue(), 1e-12, d.id() + " " + e.getKey());
        }
        docs++;
      }
    }
    assertEquals(1500, docs);
  }

  static Map<String, Double> reference(String text) {
    double len = Math.max(1, text.length());
    Map<String, Double> m = new HashMap<>();
    Lines lines = Lines.of(text);
    // Paragraphs: runs of non-blank lines, compared line by line.
    Set<List<String>> paras = new HashSet<>();
    int nParas = 0;
    int dupParas = 0;
    long dupParaChars = 0;
    for (int i = 0; i < lines.size(); ) {
      if (lines.isBlank(i)) {
        i++;
        continue;
      }
      List<String> para = new ArrayList<>();
      int j = i;
      while (j < lines.size() && !lines.isBlank(j)) {
        para.add(lines.line(j++));
      }
      nParas++;
      if (!paras.add(para)) {
        dupParas++;
        dupParaChars += lines.end(j - 1) - lines.start(i);
      }
      i = j;
    }
    m.put("dup_para_frac", nParas == 0 ? 0 : (double) dupParas / nParas);
    m.put("dup_para_char_frac", dupParaChars / len);
    Set<String> seen = new HashSet<>();
    int nLines = 0;
    int dupLines = 0;
    long dupLineChars = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.isBlank(i)) {
        nLines++;
        if (!seen.add(lines.line(i))) {
          dupLines++;
          dupLineChars += lines.length(i);
        }
      }
    }
    m.put("dup_line_frac", nLines == 0 ? 0 : (double) dupLines / nLines);
    m.put("dup_line_char_frac", dupLineChars / len);

    Tokens t = Tokens.of(text);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (t.isContent(i)) {
        idx.add(i);
      }
    }
    int w = idx.size();
    for (int n = 2; n <= 4; n++) {
      Map<List<String>, Integer> counts = new HashMap<>();
      for (int i = 0; i + n <= w; i++) {
        counts.merge(gram(t, idx, i, n), 1, Integer::sum);
      }
      int best = 0;
      int bestAt = -1;
      for (int i = 0; i + n <= w; i++) {
        int c = counts.get(gram(t, idx, i, n));
        if (c >= 2 && c > best) {
          best = c;
          bestAt = i;
        }
      }
      m.put("top_" + n + "_gram", bestAt < 0 ? 0 : best * (double) (t.end(idx.get(bestAt + n - 1)) - t.start(idx.get(bestAt))) / len);
    }
    for (int n = 5; n <= 10; n++) {
      Set<List<String>> grams = new HashSet<>();
      long repeated = 0;
      for (int i = 0; i + n <= w; ) {
        List<String> g = gram(t, idx, i, n);
        if (grams.add(g)) {
          i++;
        } else {
          for (int k = i; k < i + n; k++) {
            repeated += t.length(idx.get(k));
          }
          i += n;
        }
      }
      m.put("dup_" + n + "_gram", repeated / len);
    }
    return m;
  }

  private static List<String> gram(Tokens t, List<Integer> idx, int from, int n) {
    List<String> g = new ArrayList<>(n);
    for (int k = from; k < from + n; k++) {
      g.add(t.token(idx.get(k)));
    }
    return g;
  }
}
