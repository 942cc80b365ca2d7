package dev.kiln.clean.quality;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.clean.text.Chars;
import dev.kiln.clean.text.Hash64;
import dev.kiln.clean.text.LongIntMap;
import dev.kiln.clean.text.Tokens;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.Arrays;

/**
 * How much a document leans on one character, one word, or repeated character runs. Measures and
 * drop reasons ({@code char_repetition.<name>}):
 *
 * <ul>
 *   <li>{@code top_char}: share of the most frequent non-space character among the non-space
 *       characters ("哈哈哈哈", "!!!!!!", "========" banners).</li>
 *   <li>{@code top_word}: share of the most frequent content word (a CJK character is a word) among
 *       the content words ("buy buy buy").</li>
 *   <li>{@code char_ngram_rep}: over all character n-grams of length rep_len, the occurrences of
 *       the most repeated ones (the top sqrt(k) of the k n-grams that occur more than once) as a
 *       share of all n-grams (the BigScience / data-juicer character repetition measure).</li>
 * </ul>
 * char_ngram_rep costs a hash-table update per character and mostly repeats what
 * gopher_repetition's duplicated n-gram rules catch, so it is opt-in (set max_char_ngram_rep).
 * The first two are measured on every document but only applied to documents with at least
 * min_chars non-space characters: on a ten-character quote one repeated letter is not a pattern.
 * A negative threshold turns its rule off.
 */
@StageInfo(name = "char_repetition", description = "Share of the most frequent character and word, and the character n-gram repetition ratio.")
public final class CharRepetition extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "largest share of one character among non-space characters", defaultValue = "0.3") double maxTopChar,
      @Param(value = "largest share of one word among content words", defaultValue = "0.3") double maxTopWord,
      @Param(value = "top_char and top_word apply from this many non-space characters", defaultValue = "50") int minChars,
      @Param(value = "character n-gram length for char_ngram_rep", defaultValue = "10") int repLen,
      @Param(value = "largest character n-gram repetition ratio (data-juicer uses 0.5); negative: not measured", defaultValue = "-1") double maxCharNgramRep)
      implements java.io.Serializable {}

  private final Config c;
  private static final ThreadLocal<int[]> CHAR_COUNTS = ThreadLocal.withInitial(() -> new int[65536]);
  private static final ThreadLocal<LongIntMap> MAP = ThreadLocal.withInitial(() -> new LongIntMap(1024));

  public CharRepetition(Config config) {
    checkArgument(config.repLen() >= 1, "rep_len must be at least 1, got " + config.repLen());
    this.c = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String s = doc.text();
    int n = s.length();
    // Most frequent non-space char (UTF-16 units: a supplementary character counts by its high surrogate).
    int[] counts = CHAR_COUNTS.get();
    int nonSpace = 0;
    int top = 0;
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      if (Chars.classOf(ch) == Chars.SPACE || Character.isLowSurrogate(ch)) {
        continue;
      }
      nonSpace++;
      int v = ++counts[ch];
      if (v > top) {
        top = v;
      }
    }
    for (int i = 0; i < n; i++) {
      counts[s.charAt(i)] = 0;
    }
    double topChar = nonSpace == 0 ? 0 : (double) top / nonSpace;

    Tokens t = Tokens.of(s);
    long[] h = t.hashes();
    LongIntMap map = MAP.get();
    map.clear(t.size());
    int words = 0;
    int topW = 0;
    for (int i = 0; i < t.size(); i++) {
      if (t.isContent(i)) {
        words++;
        topW = Math.max(topW, map.add(h[i], 1));
      }
    }
    double topWord = words == 0 ? 0 : (double) topW / words;

    double rep = c.maxCharNgramRep() >= 0 ? charNgramRep(s, c.repLen(), map) : Double.NaN;

    m.put("top_char", topChar).put("top_word", topWord).put("char_ngram_rep", rep);
    boolean longEnough = nonSpace >= c.minChars();
    if (longEnough && c.maxTopChar() >= 0 && topChar > c.maxTopChar()) {
      return m.drop("top_char", doc);
    }
    if (longEnough && c.maxTopWord() >= 0 && topWord > c.maxTopWord()) {
      return m.drop("top_word", doc);
    }
    if (c.maxCharNgramRep() >= 0 && rep > c.maxCharNgramRep()) {
      return m.drop("char_ngram_rep", doc);
    }
    return m.keep(doc);
  }

  /** Occurrences of the top sqrt(k) repeated character n-grams over all n-grams (0 when none repeat). */
  static double charNgramRep(String s, int len, LongIntMap map) {
    int n = s.length();
    if (n < len) {
      return 0;
    }
    map.clear(n - len + 1);
    long pow = Hash64.pow(len);
    long h = 0;
    for (int i = 0; i < n; i++) {
      h = h * Hash64.BASE + s.charAt(i) + 1;
      if (i >= len) {
        h -= (s.charAt(i - len) + 1) * pow;
      }
      if (i >= len - 1) {
        map.add(h, 1);
      }
    }
    int total = n - len + 1;
    int[] v = map.valuesAbove(1);
    int take = (int) Math.sqrt(v.length);
    if (take == 0) {
      return 0;
    }
    Arrays.sort(v);
    long sum = 0;
    for (int i = v.length - 1; i >= v.length - take; i--) {
      sum += v[i];
    }
    return (double) sum / total;
  }
}
