package dev.kiln.clean.quality;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.clean.text.Hash64;
import dev.kiln.clean.text.Lines;
import dev.kiln.clean.text.LongIntMap;
import dev.kiln.clean.text.Tokens;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gopher's repetition rules (Rae et al. 2021, table A1), CJK-aware. Paragraphs are runs of
 * non-blank lines (compared line by line: CR LF and LF paragraphs are equal); lines are the
 * non-blank lines; n-grams are over content words (letters, digits, each CJK character a word),
 * so Chinese n-grams are character n-grams. Character fractions are of the whole text's length.
 * Drop reasons and measures ({@code gopher_repetition.<name>}):
 *
 * <ul>
 *   <li>{@code dup_para_frac}, {@code dup_para_char_frac}: paragraphs that repeat an earlier
 *       paragraph, as a share of paragraphs and of characters.</li>
 *   <li>{@code dup_line_frac}, {@code dup_line_char_frac}: the same for lines.</li>
 *   <li>{@code top_N_gram}: characters covered by the most frequent n-gram (its count times its
 *       length in the text), for each n in top_ngram_max.</li>
 *   <li>{@code dup_N_gram}: characters of words in n-grams that repeat an earlier n-gram
 *       (scanning left to right, a repeat skips ahead n words), for each n in dup_ngram_max.</li>
 * </ul>
 * Rules run in that order and the first one broken drops the document (later measures are then
 * not computed). A negative threshold turns its rule off.
 */
@StageInfo(name = "gopher_repetition", description = "Gopher repetition rules, CJK-aware: duplicate lines and paragraphs, top n-gram and duplicated n-gram character fractions.")
public final class GopherRepetition extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "largest share of paragraphs repeating an earlier one", defaultValue = "0.3") double maxDupParaFrac,
      @Param(value = "largest share of characters in repeated paragraphs", defaultValue = "0.2") double maxDupParaCharFrac,
      @Param(value = "largest share of lines repeating an earlier one", defaultValue = "0.3") double maxDupLineFrac,
      @Param(value = "largest share of characters in repeated lines", defaultValue = "0.2") double maxDupLineCharFrac,
      @Param(value = "per n: largest share of characters covered by the most frequent n-gram", defaultValue = "{2: 0.20, 3: 0.18, 4: 0.16}", bounds = "top_{key}_gram") Map<String, Double> topNgramMax,
      @Param(value = "per n: largest share of characters in repeated n-grams", defaultValue = "{5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}", bounds = "dup_{key}_gram") Map<String, Double> dupNgramMax)
      implements java.io.Serializable {}

  private final Config c;
  private final int[] topN;
  private final double[] topMax;
  private final int[] dupN;
  private final double[] dupMax;

  private static final ThreadLocal<LongIntMap> MAP = ThreadLocal.withInitial(() -> new LongIntMap(1024));
  private static final ThreadLocal<LongIntMap> SEEN = ThreadLocal.withInitial(() -> new LongIntMap(1024));
  private final int maxN;

  public GopherRepetition(Config config) {
    this.c = config;
    TreeMap<Integer, Double> top = ngramMap("top_ngram_max", config.topNgramMax());
    TreeMap<Integer, Double> dup = ngramMap("dup_ngram_max", config.dupNgramMax());
    topN = top.keySet().stream().mapToInt(Integer::intValue).toArray();
    topMax = top.values().stream().mapToDouble(Double::doubleValue).toArray();
    dupN = dup.keySet().stream().mapToInt(Integer::intValue).toArray();
    dupMax = dup.values().stream().mapToDouble(Double::doubleValue).toArray();
    maxN = Math.max(topN.length == 0 ? 0 : topN[topN.length - 1], dupN.length == 0 ? 0 : dupN[dupN.length - 1]);
  }

  private static TreeMap<Integer, Double> ngramMap(String param, Map<String, Double> m) {
    TreeMap<Integer, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : m.entrySet()) {
      int n;
      try {
        n = Integer.parseInt(e.getKey().trim());
      } catch (NumberFormatException x) {
        throw new IllegalArgumentException(param + " keys are n-gram sizes (integers), got '" + e.getKey() + "'");
      }
      checkArgument(n >= 1 && n <= 64, param + " n-gram sizes are 1..64, got " + n);
      out.put(n, e.getValue());
    }
    return out;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String text = doc.text();
    double len = Math.max(1, text.length());
    Lines lines = Lines.of(text);
    LongIntMap seen = MAP.get();

    // Paragraphs: runs of non-blank lines.
    seen.clear(lines.size());
    int paras = 0;
    int dupParas = 0;
    long dupParaChars = 0;
    for (int i = 0; i < lines.size(); ) {
      if (lines.isBlank(i)) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < lines.size() && !lines.isBlank(j + 1)) {
        j++;
      }
      int from = lines.start(i);
      int to = lines.end(j);
      paras++;
      // A paragraph's hash from its lines' hashes (which the line rules need anyway).
      long ph = j - i;
      for (int k = i; k <= j; k++) {
        ph = ph * Hash64.BASE + lines.hash(k);
      }
      if (!seen.addIfAbsent(Hash64.mix(ph))) {
        dupParas++;
        dupParaChars += to - from;
      }
      i = j + 1;
    }
    double v = paras == 0 ? 0 : (double) dupParas / paras;
    m.put("dup_para_frac", v);
    if (broken(c.maxDupParaFrac(), v)) {
      return m.drop("dup_para_frac", doc);
    }
    v = dupParaChars / len;
    m.put("dup_para_char_frac", v);
    if (broken(c.maxDupParaCharFrac(), v)) {
      return m.drop("dup_para_char_frac", doc);
    }

    seen.clear(lines.size());
    int nonBlank = 0;
    int dupLines = 0;
    long dupLineChars = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.isBlank(i)) {
        continue;
      }
      nonBlank++;
      if (!seen.addIfAbsent(lines.hash(i))) {
        dupLines++;
        dupLineChars += lines.length(i);
      }
    }
    v = nonBlank == 0 ? 0 : (double) dupLines / nonBlank;
    m.put("dup_line_frac", v);
    if (broken(c.maxDupLineFrac(), v)) {
      return m.drop("dup_line_frac", doc);
    }
    v = dupLineChars / len;
    m.put("dup_line_char_frac", v);
    if (broken(c.maxDupLineCharFrac(), v)) {
      return m.drop("dup_line_char_frac", doc);
    }

    // Content words: their hashes, prefix polynomial hashes and prefix character counts.
    Tokens t = Tokens.of(text);
    long[] h = t.hashes();
    int w = 0;
    int[] idx = new int[t.size()];
    for (int i = 0; i < t.size(); i++) {
      if (t.isContent(i)) {
        idx[w++] = i;
      }
    }
    long[] prefix = new long[w + 1];
    long[] chars = new long[w + 1];
    for (int k = 0; k < w; k++) {
      prefix[k + 1] = prefix[k] * Hash64.BASE + h[idx[k]];
      chars[k + 1] = chars[k] + t.length(idx[k]);
    }

    // N-grams by increasing n. An n-gram can repeat only if both (n-1)-grams inside it repeat, so
    // each pass looks only at the positions that survived the previous one (a few percent of the
    // words by n = 5 in ordinary text); n-grams seen once never affect any measure.
    LongIntMap dupSeen = SEEN.get();
    boolean[] rep = new boolean[w + 1];
    boolean[] next = new boolean[w + 1];
    java.util.Arrays.fill(rep, true);
    boolean any = true;
    int candidates = w;
    for (int n = 1; n <= maxN; n++) {
      int q = java.util.Arrays.binarySearch(topN, n);
      int d = java.util.Arrays.binarySearch(dupN, n);
      if (n == 1 && q < 0 && d < 0) {
        continue; // all positions stay candidates
      }
      long pow = Hash64.pow(n);
      int best = 0;
      int bestAt = -1;
      int repeats = 0;
      java.util.Arrays.fill(next, false);
      if (any) {
        // One probe per position: the count so far and where the n-gram first stood. The first
        // time a count reaches 2, the first occurrence is marked too; the top n-gram is the most
        // frequent one, ties to the earliest.
        seen.clear(candidates); // at most the positions that repeated at n - 1
        for (int i = 0; i + n <= w; i++) {
          if (rep[i] && (n == 1 || rep[i + 1])) {
            long occ = seen.addOccurrence(prefix[i + n] - prefix[i] * pow, i);
            int cnt = (int) occ;
            if (cnt >= 2) {
              int first = (int) (occ >>> 32);
              if (cnt == 2) {
                next[first] = true;
                repeats++;
              }
              next[i] = true;
              repeats++;
              if (cnt > best || cnt == best && first < bestAt) {
                best = cnt;
                bestAt = first;
              }
            }
          }
        }
        any = repeats > 0;
      }
      if (q >= 0) {
        // The top n-gram's length as it stands in the text (first occurrence), spaces included.
        v = 0;
        if (bestAt >= 0) {
          int span = t.end(idx[bestAt + n - 1]) - t.start(idx[bestAt]);
          v = best * (double) span / len;
        }
        m.put("top_" + n + "_gram", v);
        if (broken(topMax[q], v)) {
          return m.drop("top_" + n + "_gram", doc);
        }
      }
      if (d >= 0) {
        long repeated = 0;
        if (any) {
          dupSeen.clear(repeats);
          int i = 0;
          while (i + n <= w) {
            if (!next[i]) {
              i++;
            } else if (dupSeen.addIfAbsent(prefix[i + n] - prefix[i] * pow)) {
              i++;
            } else {
              repeated += chars[i + n] - chars[i];
              i += n;
            }
          }
        }
        v = repeated / len;
        m.put("dup_" + n + "_gram", v);
        if (broken(dupMax[d], v)) {
          return m.drop("dup_" + n + "_gram", doc);
        }
      }
      boolean[] tmp = rep;
      rep = next;
      next = tmp;
      candidates = repeats;
    }
    return m.keep(doc);
  }

  private static boolean broken(double max, double value) {
    return max >= 0 && value > max;
  }
}
