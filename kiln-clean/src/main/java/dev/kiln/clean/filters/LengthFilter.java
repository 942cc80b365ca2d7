package dev.kiln.clean.filters;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;

/** Drops documents shorter or longer than a number of characters (code points, so CJK counts fairly). */
@StageInfo(name = "length_filter", description = "Drops documents outside [min_chars, max_chars] characters.")
public final class LengthFilter implements DocumentStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "fewest characters a kept document has", defaultValue = "1") int minChars,
      @Param(value = "most characters a kept document has", defaultValue = "100000000") int maxChars) implements java.io.Serializable {}

  private final Config config;

  public LengthFilter(Config config) {
    if (config.minChars() < 0 || config.maxChars() < config.minChars()) {
      throw new IllegalArgumentException("need 0 <= min_chars <= max_chars, got " + config.minChars() + " and " + config.maxChars());
    }
    this.config = config;
  }

  @Override
  public Outcome apply(Document doc) {
    String t = doc.text();
    // Cheap bounds first: a UTF-16 length bounds the code point count from above and below.
    int chars = t.length() < config.minChars() || t.length() / 2 > config.maxChars() ? t.length() : t.codePointCount(0, t.length());
    if (chars < config.minChars()) {
      return Outcome.drop("too_short");
    }
    if (chars > config.maxChars()) {
      return Outcome.drop("too_long");
    }
    return Outcome.keep(doc);
  }
}
