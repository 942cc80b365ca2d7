package dev.kiln.clean.quality;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.clean.text.Chars;
import dev.kiln.clean.text.Hash64;
import dev.kiln.clean.text.Lines;
import dev.kiln.clean.text.Tokens;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.List;

/**
 * Gopher's quality rules (Rae et al. 2021, appendix A), CJK-aware. Words come from {@link Tokens}:
 * each CJK character is a word, punctuation attached to a word is not. Rules, in order, each its
 * own drop reason ({@code gopher_quality.<rule>}) and measure ({@code gopher_quality.<measure>}):
 *
 * <ul>
 *   <li>{@code too_few_words} / {@code too_many_words}: content words (letters, digits, CJK
 *       characters) outside [min_words, max_words]; measure {@code words}.</li>
 *   <li>{@code mean_word_length}: mean length of the non-CJK words outside the range; measure
 *       {@code mean_word_length}. Not applied when CJK characters are at least half the words:
 *       a CJK character is a morpheme, not a word, so its "length" says nothing.</li>
 *   <li>{@code hash_ratio}, {@code ellipsis_ratio}: '#' and ellipses ("..." or "…") per word.</li>
 *   <li>{@code bullet_lines}: share of non-blank lines starting with a bullet (- • * · ● ▪ ◦ ‣).</li>
 *   <li>{@code ellipsis_lines}: share of non-blank lines ending with an ellipsis.</li>
 *   <li>{@code alpha_words}: share of words with a letter (a CJK character is a letter; a number
 *       or a symbol standing alone between spaces is not).</li>
 *   <li>{@code stop_words}: fewer than min_stop_words stop words. The default list is Gopher's eight
 *       English words; the most frequent characters of modern Chinese (的 一 是 不 了 在 有 和 人 我 这
 *       就 都 无); the eighteen function words of classical Chinese (而 何 乎 乃 其 且 若 所 为 焉 也
 *       以 因 于 与 则 者 之), simplified and traditional; and Japanese particles. With it, 90% of the
 *       chinese-poetry poems long enough for min_words pass (Gopher's list alone: none).</li>
 * </ul>
 * A negative threshold turns its rule off; measures are still written.
 */
@StageInfo(name = "gopher_quality", description = "Gopher quality rules, CJK-aware: word count, mean word length, #/ellipsis per word, bullet and ellipsis lines, alphabetic words, stop words.")
public final class GopherQuality extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "fewest content words (a CJK character is one word)", defaultValue = "50") int minWords,
      @Param(value = "most content words", defaultValue = "100000") int maxWords,
      @Param(value = "smallest mean length of non-CJK words (not applied to mostly-CJK text)", defaultValue = "3") double minMeanWordLength,
      @Param(value = "largest mean length of non-CJK words", defaultValue = "10") double maxMeanWordLength,
      @Param(value = "most '#' per word, and most ellipses per word", defaultValue = "0.1", bounds = {"hash_ratio", "ellipsis_ratio"}) double maxSymbolWordRatio,
      @Param(value = "largest share of non-blank lines starting with a bullet", defaultValue = "0.9") double maxBulletLines,
      @Param(value = "largest share of non-blank lines ending with an ellipsis", defaultValue = "0.3") double maxEllipsisLines,
      @Param(value = "smallest share of words containing a letter (CJK characters are letters)", defaultValue = "0.8") double minAlphaWords,
      @Param(value = "fewest stop words", defaultValue = "2") int minStopWords,
      @Param(value = "stop words: words, or single CJK characters", defaultValue = "[the, be, to, of, and, that, have, with, "
          + "的, 一, 是, 不, 了, 在, 有, 和, 人, 我, 这, 這, 就, 都, 无, 無, "
          + "而, 何, 乎, 乃, 其, 且, 若, 所, 为, 為, 焉, 也, 以, 因, 于, 於, 与, 與, 则, 則, 者, 之, "
          + "の, に, は, を, が, で, て, と]") List<String> stopWords)
      implements java.io.Serializable {}

  private final Config c;
  /** Stop words that are words: hashes of their lower-cased characters, and the longest length. */
  private final java.util.HashSet<Long> wordStops = new java.util.HashSet<>();
  private final long[] wordStopHashes;
  private final int maxStopLength;
  /** Stop words that are single CJK characters. */
  private final java.util.BitSet cjkStops = new java.util.BitSet(65536);

  public GopherQuality(Config config) {
    checkArgument(config.maxWords() < 0 || config.minWords() <= config.maxWords(), "min_words " + config.minWords() + " > max_words " + config.maxWords());
    int longest = 0;
    for (String raw : config.stopWords()) {
      String w = raw.strip();
      checkArgument(!w.isEmpty(), "stop_words has a blank entry");
      Tokens tw = Tokens.of(w);
      checkArgument(tw.size() == 1 && tw.length(0) == w.length() && tw.isContent(0), "stop word '" + w + "' is not one word or one CJK character (as the tokenizer sees it)");
      if (tw.kind(0) == Tokens.CJK) {
        checkArgument(w.length() == 1, "CJK stop word '" + w + "' must be a single BMP character");
        cjkStops.set(w.charAt(0));
      } else {
        wordStops.add(Hash64.ofFolded(w, 0, w.length()));
        longest = Math.max(longest, w.length());
      }
    }
    this.wordStopHashes = wordStops.stream().mapToLong(Long::longValue).sorted().toArray();
    this.maxStopLength = longest;
    this.c = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String text = doc.text();
    Tokens t = Tokens.of(text);
    int words = 0;
    int content = 0;
    int cjk = 0;
    int alpha = 0;
    long latinChars = 0;
    int latinWords = 0;
    int stopWords = 0;
    for (int i = 0; i < t.size(); i++) {
      byte k = t.kind(i);
      if (k == Tokens.PUNCT) {
        continue;
      }
      words++;
      if (k == Tokens.ALPHA || k == Tokens.NUMBER) {
        content++;
        latinWords++;
        int len = t.length(i);
        latinChars += len;
        if (k == Tokens.ALPHA) {
          alpha++;
          if (len <= maxStopLength && java.util.Arrays.binarySearch(wordStopHashes, Hash64.ofFolded(text, t.start(i), t.end(i))) >= 0) {
            stopWords++;
          }
        }
      } else if (k == Tokens.CJK) {
        content++;
        cjk++;
        alpha++;
        if (cjkStops.get(text.charAt(t.start(i)))) {
          stopWords++;
        }
      }
    }
    int hashes = 0;
    int ellipses = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char ch = text.charAt(i);
      if (ch == '#') {
        hashes++;
      } else if (ch == '\u2026') {
        ellipses++;
      } else if (ch == '.' && i + 2 < n && text.charAt(i + 1) == '.' && text.charAt(i + 2) == '.') {
        ellipses++;
        i += 2;
      }
    }
    Lines lines = Lines.of(text);
    int nonBlank = 0;
    int bullets = 0;
    int ellipsisLines = 0;
    for (int i = 0; i < lines.size(); i++) {
      int first = Chars.firstNonSpace(text, lines.start(i), lines.end(i));
      if (first == lines.end(i)) {
        continue;
      }
      nonBlank++;
      if (isBullet(text.charAt(first))) {
        bullets++;
      }
      int last = Chars.lastNonSpace(text, lines.start(i), lines.end(i));
      if (text.charAt(last) == '\u2026' || (last - 2 >= first && text.charAt(last) == '.' && text.charAt(last - 1) == '.' && text.charAt(last - 2) == '.')) {
        ellipsisLines++;
      }
    }

    boolean mostlyCjk = cjk * 2 >= content && content > 0;
    double meanLen = latinWords == 0 ? Double.NaN : (double) latinChars / latinWords;
    double hashRatio = words == 0 ? 0 : (double) hashes / words;
    double ellipsisRatio = words == 0 ? 0 : (double) ellipses / words;
    double bulletRatio = nonBlank == 0 ? 0 : (double) bullets / nonBlank;
    double ellipsisLineRatio = nonBlank == 0 ? 0 : (double) ellipsisLines / nonBlank;
    double alphaRatio = words == 0 ? 0 : (double) alpha / words;

    m.put("words", content).put("cjk_share", content == 0 ? 0 : (double) cjk / content).put("mean_word_length", meanLen)
        .put("hash_ratio", hashRatio).put("ellipsis_ratio", ellipsisRatio).put("bullet_lines", bulletRatio)
        .put("ellipsis_lines", ellipsisLineRatio).put("alpha_words", alphaRatio).put("stop_words", stopWords);

    if (c.minWords() >= 0 && content < c.minWords()) {
      return m.drop("too_few_words", doc);
    }
    if (c.maxWords() >= 0 && content > c.maxWords()) {
      return m.drop("too_many_words", doc);
    }
    if (!mostlyCjk && !Double.isNaN(meanLen)
        && ((c.minMeanWordLength() >= 0 && meanLen < c.minMeanWordLength()) || (c.maxMeanWordLength() >= 0 && meanLen > c.maxMeanWordLength()))) {
      return m.drop("mean_word_length", doc);
    }
    if (c.maxSymbolWordRatio() >= 0 && hashRatio > c.maxSymbolWordRatio()) {
      return m.drop("hash_ratio", doc);
    }
    if (c.maxSymbolWordRatio() >= 0 && ellipsisRatio > c.maxSymbolWordRatio()) {
      return m.drop("ellipsis_ratio", doc);
    }
    if (c.maxBulletLines() >= 0 && bulletRatio > c.maxBulletLines()) {
      return m.drop("bullet_lines", doc);
    }
    if (c.maxEllipsisLines() >= 0 && ellipsisLineRatio > c.maxEllipsisLines()) {
      return m.drop("ellipsis_lines", doc);
    }
    if (c.minAlphaWords() >= 0 && alphaRatio < c.minAlphaWords()) {
      return m.drop("alpha_words", doc);
    }
    if (c.minStopWords() >= 0 && stopWords < c.minStopWords()) {
      return m.drop("stop_words", doc);
    }
    return m.keep(doc);
  }

  static boolean isBullet(char ch) {
    return ch == '-' || ch == '\u2022' || ch == '*' || ch == '\u00B7' || ch == '\u25CF' || ch == '\u25AA' || ch == '\u25E6' || ch == '\u2023';
  }
}
