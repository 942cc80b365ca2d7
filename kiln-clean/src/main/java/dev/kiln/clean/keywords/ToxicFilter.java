package dev.kiln.clean.keywords;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.List;

/**
 * Toxic terms (zh and en lists, configurable) matched with {@link KeywordMatcher}. In {@code drop}
 * mode a document with more than max_hits hits is dropped ({@code toxic_filter.toxic}); in
 * {@code mask} mode every matched term is overwritten with mask_char, character for character (so
 * offsets and lengths are unchanged), and the document is kept. Measure {@code toxic_filter.hits}
 * (non-overlapping hits), plus {@code toxic_filter.masked} in mask mode.
 */
@StageInfo(name = "toxic_filter", description = "Toxic term lists (zh/en files, Aho-Corasick) in drop or mask mode.")
public final class ToxicFilter extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public enum Mode { DROP, MASK }

  public record Config(
      @Param(value = "toxic term lists: builtin:NAME or file paths", defaultValue = "[builtin:toxic_en, builtin:toxic_zh]", path = true) List<String> lists,
      @Param(value = "drop: drop documents over max_hits; mask: overwrite the terms and keep", defaultValue = "drop") Mode mode,
      @Param(value = "drop mode: a document with more hits is dropped", defaultValue = "0") int maxHits,
      @Param(value = "mask mode: the character written over each matched character", defaultValue = "\"*\"") String maskChar)
      implements java.io.Serializable {}

  private final Config c;
  private final KeywordMatcher matcher;
  private final char mask;

  public ToxicFilter(Config config) {
    checkArgument(config.maskChar() != null && config.maskChar().length() == 1, "mask_char must be one character, got '" + config.maskChar() + "'");
    checkArgument(config.maxHits() >= 0, "max_hits must be at least 0");
    this.c = config;
    this.mask = config.maskChar().charAt(0);
    this.matcher = KeywordLists.matcher(List.of(config.lists()));
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String s = doc.text();
    int hits = matcher.count(s)[0];
    m.put("hits", hits);
    if (c.mode() == Mode.DROP) {
      if (hits > c.maxHits()) {
        return m.drop("toxic", doc);
      }
      return m.keep(doc);
    }
    if (hits == 0) {
      return m.keep(doc);
    }
    m.put("masked", hits);
    return m.keep(doc.withText(matcher.mask(s, 1L, mask)));
  }
}
