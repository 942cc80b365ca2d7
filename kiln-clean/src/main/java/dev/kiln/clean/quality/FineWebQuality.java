package dev.kiln.clean.quality;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.clean.text.Chars;
import dev.kiln.clean.text.Lines;
import dev.kiln.clean.text.LongIntMap;
import dev.kiln.clean.text.Tokens;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;

/**
 * FineWeb's quality rules (Penedo et al. 2024), CJK-aware. Lines are the non-blank lines (blank
 * lines separate paragraphs and carry no content; FineWeb's own extracted text has few of them).
 * Drop reasons and measures ({@code fineweb_quality.<name>}), in order:
 *
 * <ul>
 *   <li>{@code line_punct_ratio}: share of lines ending in terminal punctuation (. ! ? " ' and the
 *       CJK full stop, full-width ! ?, closing quotes allowed after them) at or below the minimum.</li>
 *   <li>{@code short_line_ratio}: share of lines no longer than short_line_length at or above the
 *       maximum; a wide (CJK) character counts cjk_char_width columns. The default 3 is measured: in
 *       kernel-docs, the zh_CN and zh_TW translations need a median 2.9 (quartiles 2.7-3.1)
 *       non-space Latin characters of the English original per CJK character; with 1 column per
 *       character, every line of Chinese verse would be "short".</li>
 *   <li>{@code char_dup_ratio}: characters in lines repeating an earlier line, over the characters
 *       of the text without newlines, at or above the maximum.</li>
 *   <li>{@code list_ratio}: newlines per token above the maximum (a CJK character is a token).</li>
 * </ul>
 * A negative threshold turns its rule off.
 */
@StageInfo(name = "fineweb_quality", description = "FineWeb rules, CJK-aware: lines ending in punctuation, short lines, duplicated line characters, newlines per word.")
public final class FineWebQuality extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "drop when the share of lines ending in terminal punctuation is at or below this", defaultValue = "0.12") double minLinePunctRatio,
      @Param(value = "drop when the share of short lines is at or above this", defaultValue = "0.67") double maxShortLineRatio,
      @Param(value = "a line is short at up to this many columns", defaultValue = "30") int shortLineLength,
      @Param(value = "columns one wide (CJK) character takes", defaultValue = "3") int cjkCharWidth,
      @Param(value = "drop when the share of characters in repeated lines is at or above this", defaultValue = "0.01") double maxCharDupRatio,
      @Param(value = "drop when newlines per token are above this", defaultValue = "0.3") double maxListRatio)
      implements java.io.Serializable {}

  private final Config c;
  private static final ThreadLocal<LongIntMap> MAP = ThreadLocal.withInitial(() -> new LongIntMap(256));

  public FineWebQuality(Config config) {
    checkArgument(config.cjkCharWidth() >= 1, "cjk_char_width must be at least 1");
    this.c = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String text = doc.text();
    Lines lines = Lines.of(text);
    LongIntMap seen = MAP.get();
    seen.clear(lines.size());
    int nonBlank = 0;
    int punct = 0;
    int shortLines = 0;
    long dupChars = 0;
    int wide = c.cjkCharWidth();
    for (int i = 0; i < lines.size(); i++) {
      int from = lines.start(i);
      int last = Chars.lastNonSpace(text, from, lines.end(i));
      if (last < from || Chars.firstNonSpace(text, from, last + 1) > last) {
        continue;
      }
      nonBlank++;
      if (endsInPunct(text, from, last)) {
        punct++;
      }
      int width = 0;
      for (int k = from; k <= last && width <= c.shortLineLength(); k++) {
        width += Chars.isWide(text.charAt(k)) ? wide : 1;
      }
      if (width <= c.shortLineLength()) {
        shortLines++;
      }
      if (!seen.addIfAbsent(lines.hash(i))) {
        dupChars += lines.length(i);
      }
    }
    int newlines = lines.size() - 1;
    int tokens = Tokens.of(text).size();
    double punctRatio = nonBlank == 0 ? 0 : (double) punct / nonBlank;
    double shortRatio = nonBlank == 0 ? 0 : (double) shortLines / nonBlank;
    int charsNoNl = text.length() - newlines;
    double dupRatio = charsNoNl <= 0 ? 0 : (double) dupChars / charsNoNl;
    double listRatio = tokens == 0 ? (newlines > 0 ? Double.POSITIVE_INFINITY : 0) : (double) newlines / tokens;

    m.put("line_punct_ratio", punctRatio).put("short_line_ratio", shortRatio).put("char_dup_ratio", dupRatio)
        .put("list_ratio", Double.isInfinite(listRatio) ? newlines : listRatio);
    if (c.minLinePunctRatio() >= 0 && punctRatio <= c.minLinePunctRatio()) {
      return m.drop("line_punct_ratio", doc);
    }
    if (c.maxShortLineRatio() >= 0 && shortRatio >= c.maxShortLineRatio()) {
      return m.drop("short_line_ratio", doc);
    }
    if (c.maxCharDupRatio() >= 0 && dupRatio >= c.maxCharDupRatio()) {
      return m.drop("char_dup_ratio", doc);
    }
    if (c.maxListRatio() >= 0 && listRatio > c.maxListRatio()) {
      return m.drop("list_ratio", doc);
    }
    return m.keep(doc);
  }

  /** Whether text[from..last] ends in terminal punctuation or a quote (closers may follow a terminal). */
  static boolean endsInPunct(String text, int from, int last) {
    char ch = text.charAt(last);
    if (ch == '"' || ch == '\'' || Chars.isTerminal(ch)) {
      return true;
    }
    int i = last;
    while (i >= from && Chars.isCloser(text.charAt(i))) {
      i--;
    }
    return i >= from && i < last && Chars.isTerminal(text.charAt(i));
  }
}
