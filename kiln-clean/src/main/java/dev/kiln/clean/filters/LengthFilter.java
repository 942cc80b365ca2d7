package dev.kiln.clean.filters;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;

/**
 * Drops documents shorter or longer than a number of characters (code points, so CJK counts
 * fairly), as {@code too_short} or {@code too_long}. Its measure is the text's own length, which
 * reports take from the dropped document itself (the profile's {@code chars}): nothing is written
 * into metadata.
 */
@StageInfo(name = "length_filter", description = "Drops documents outside [min_chars, max_chars] characters.")
public final class LengthFilter extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "fewest characters a kept document has", defaultValue = "1") int minChars,
      @Param(value = "most characters a kept document has", defaultValue = "100000000") int maxChars) implements java.io.Serializable {}

  private final Config config;

  public LengthFilter(Config config) {
    checkArgument(config.minChars() >= 0 && config.maxChars() >= config.minChars(), "need 0 <= min_chars <= max_chars, got " + config.minChars() + " and " + config.maxChars());
    this.config = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String t = doc.text();
    // Cheap bounds first: a UTF-16 length bounds the code point count from above and below.
    int chars = t.length() < config.minChars() || t.length() / 2 > config.maxChars() ? t.length() : t.codePointCount(0, t.length());
    if (chars < config.minChars()) {
      return m.dropAs("too_short", doc);
    }
    if (chars > config.maxChars()) {
      return m.dropAs("too_long", doc);
    }
    return m.keep(doc);
  }
}
