package dev.kiln.clean.keywords;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.List;

/**
 * Low-quality and banned keyword lists, matched in one Aho-Corasick pass ({@link KeywordMatcher}:
 * case-insensitive, word-bounded for Latin terms, substrings for CJK terms). Lists are
 * {@code builtin:NAME} or file paths (one term a line). Measures ({@code keyword_filter.<name>}):
 * {@code banned_hits}, {@code low_quality_hits}, {@code low_quality_per_kchar} (non-overlapping
 * hits). Drop reasons: {@code keyword_filter.banned} (more than max_banned_hits banned terms),
 * {@code keyword_filter.low_quality} (at least low_quality_min_hits low-quality terms and more than
 * max_low_quality_per_kchar of them per 1000 characters: a long article may say "read more"
 * twice; a short spam mail says "click here", "buy now" and "unsubscribe").
 */
@StageInfo(name = "keyword_filter", description = "Low-quality and banned keyword lists (zh/en files, Aho-Corasick): drops on banned terms or a density of low-quality terms.")
public final class KeywordFilter extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "low-quality term lists: builtin:NAME or file paths", defaultValue = "[builtin:low_quality_en, builtin:low_quality_zh]", path = true) List<String> lowQualityLists,
      @Param(value = "banned term lists: builtin:NAME or file paths", defaultValue = "[builtin:banned_en, builtin:banned_zh]", path = true) List<String> bannedLists,
      @Param(value = "a document with more banned hits is dropped; negative turns the rule off", defaultValue = "0") int maxBannedHits,
      @Param(value = "fewest low-quality hits for the low-quality rule to apply", defaultValue = "2") int lowQualityMinHits,
      @Param(value = "most low-quality hits per 1000 characters; negative turns the rule off", defaultValue = "0.3") double maxLowQualityPerKchar)
      implements java.io.Serializable {}

  private final Config c;
  private final KeywordMatcher matcher;

  public KeywordFilter(Config config) {
    this.c = config;
    this.matcher = KeywordLists.matcher(List.of(config.lowQualityLists(), config.bannedLists()));
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String s = doc.text();
    int[] hits = matcher.count(s);
    int low = hits[0];
    int banned = hits[1];
    double perK = s.isEmpty() ? 0 : low * 1000.0 / s.length();
    m.put("banned_hits", banned).put("low_quality_hits", low).put("low_quality_per_kchar", perK);
    if (c.maxBannedHits() >= 0 && banned > c.maxBannedHits()) {
      return m.drop("banned", doc);
    }
    if (c.maxLowQualityPerKchar() >= 0 && low >= c.lowQualityMinHits() && perK > c.maxLowQualityPerKchar()) {
      return m.drop("low_quality", doc);
    }
    return m.keep(doc);
  }
}
