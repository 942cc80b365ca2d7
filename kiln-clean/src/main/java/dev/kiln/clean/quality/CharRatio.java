package dev.kiln.clean.quality;

import dev.kiln.clean.text.Chars;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;

/**
 * Script and character-class ratios over the non-whitespace characters (code points): Chinese
 * (Han ideographs), English (ASCII letters), digits, and symbols (punctuation, symbols, controls:
 * everything that is not a letter, digit, mark or space). Other letters (accented Latin, Cyrillic,
 * kana, Hangul...) count in the denominator only. Measures {@code char_ratio.zh},
 * {@code char_ratio.en}, {@code char_ratio.digit}, {@code char_ratio.symbol}; drop reasons
 * {@code char_ratio.<measure>_low} / {@code char_ratio.<measure>_high}. The defaults only catch
 * number dumps and symbol soup; set script minimums per language or domain with {@code by}/{@code overrides}.
 * A negative threshold turns its rule off; a document with no non-space character is dropped as {@code empty}
 * (nothing to measure: no share of nothing).
 */
@StageInfo(name = "char_ratio", description = "Chinese, English, digit and symbol shares of the non-space characters, each with a min/max.")
public final class CharRatio extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "smallest share of Han characters", defaultValue = "-1") double minZh,
      @Param(value = "largest share of Han characters", defaultValue = "-1") double maxZh,
      @Param(value = "smallest share of ASCII letters", defaultValue = "-1") double minEn,
      @Param(value = "largest share of ASCII letters", defaultValue = "-1") double maxEn,
      @Param(value = "largest share of digits", defaultValue = "0.5") double maxDigit,
      @Param(value = "largest share of symbols and punctuation", defaultValue = "0.5") double maxSymbol)
      implements java.io.Serializable {}

  private final Config c;

  public CharRatio(Config config) {
    this.c = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String s = doc.text();
    int total = 0;
    int zh = 0;
    int en = 0;
    int digit = 0;
    int symbol = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      byte k = Chars.classOf(ch);
      if (k == Chars.SPACE) {
        continue;
      }
      if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(ch, s.charAt(++i));
        total++;
        if (Chars.isHanCodePoint(cp)) {
          zh++;
        } else if (Chars.classOfCodePoint(cp) == Chars.SYMBOL) {
          symbol++;
        } else if (Character.isDigit(cp)) {
          digit++;
        }
        continue;
      }
      total++;
      if (k == Chars.CJK) {
        if (Chars.isHan(ch)) {
          zh++;
        }
      } else if (k == Chars.LETTER) {
        if (Chars.isAsciiLetter(ch)) {
          en++;
        }
      } else if (k == Chars.DIGIT) {
        if (ch == '_') {
          symbol++;
        } else {
          digit++;
        }
      } else {
        symbol++;
      }
    }
    if (total == 0) {
      return m.drop("empty", doc);
    }
    double zr = (double) zh / total;
    double er = (double) en / total;
    double dr = (double) digit / total;
    double sr = (double) symbol / total;
    m.put("zh", zr).put("en", er).put("digit", dr).put("symbol", sr);
    if (c.minZh() >= 0 && zr < c.minZh()) {
      return m.drop("zh_low", doc);
    }
    if (c.maxZh() >= 0 && zr > c.maxZh()) {
      return m.drop("zh_high", doc);
    }
    if (c.minEn() >= 0 && er < c.minEn()) {
      return m.drop("en_low", doc);
    }
    if (c.maxEn() >= 0 && er > c.maxEn()) {
      return m.drop("en_high", doc);
    }
    if (c.maxDigit() >= 0 && dr > c.maxDigit()) {
      return m.drop("digit_high", doc);
    }
    if (c.maxSymbol() >= 0 && sr > c.maxSymbol()) {
      return m.drop("symbol_high", doc);
    }
    return m.keep(doc);
  }
}
