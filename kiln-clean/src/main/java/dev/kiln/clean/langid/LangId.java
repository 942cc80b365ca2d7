package dev.kiln.clean.langid;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code lang_id}: the document's language into {@code lang} and the confidence into
 * {@code lang_score} (see {@link LanguageIdentifier}); a {@code lang} the source already had is kept
 * under {@code source_key} ({@code lang_source} by default). With {@code allowed}, documents whose
 * label is not allowed ({@code zh} allows {@code zh-Hant} too) are dropped as {@code lang_not_allowed},
 * and those under {@code min_score} as {@code lang_low_score}; a dropped document carries its
 * {@code lang} and {@code lang_score} too (for reports). With {@code per_line}, each line of
 * {@code min_line_chars} or more is identified too and {@code lang_lines} holds each language's share
 * of those lines' characters (mixed-language documents). Documents whose source {@code lang} is in
 * {@code skip} (default: {@code code}) pass untouched.
 */
@StageInfo(name = "lang_id", description = "Language identification (Lingua + script rules): writes lang and lang_score; "
    + "filters by allowed languages with min_score.")
public final class LangId extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "languages to tell apart, ISO 639-1 codes (empty: all 75 Lingua knows)", defaultValue = "[]") List<String> languages,
      @Param(value = "fast (Lingua's models, one lookup per trigram) or lingua (Lingua's own detector: slower, heavier)", defaultValue = "fast") LanguageIdentifier.Engine engine,
      @Param(value = "with engine lingua: its low-accuracy mode (trigrams only)", defaultValue = "false") boolean lowAccuracy,
      @Param(value = "judge long documents on a sample of this many characters (start, middle, end); 0 = all", defaultValue = "1500") int maxChars,
      @Param(value = "label traditional Chinese zh-Hant (simplified and undecided stay zh)", defaultValue = "true") boolean chineseScript,
      @Param(value = "labels kept (empty: keep all); zh keeps zh-Hant too", defaultValue = "[]") List<String> allowed,
      @Param(value = "lowest confidence kept when allowed is set", defaultValue = "0.0", bounds = "lang_score") double minScore,
      @Param(value = "metadata key for the lang the source gave (empty: drop it)", defaultValue = "lang_source") String sourceKey,
      @Param(value = "source lang values passed untouched (not natural language)", defaultValue = "[code]") List<String> skip,
      @Param(value = "also identify each line and record lang_lines (share of characters per language)", defaultValue = "false") boolean perLine,
      @Param(value = "shortest line identified with per_line", defaultValue = "20") int minLineChars)
      implements java.io.Serializable {}

  private final Config config;
  private transient volatile LanguageIdentifier identifier;

  public LangId(Config config) {
    checkArgument(config.minScore() >= 0 && config.minScore() <= 1, "min_score must be in [0, 1], got " + config.minScore());
    checkArgument(config.maxChars() >= 0, "max_chars must be >= 0");
    LanguageIdentifier.languages(config.languages()); // fail at parse time on unknown codes
    this.config = config;
  }

  /** The shared identifier, built on first use in each JVM (stages travel serialized to workers). */
  LanguageIdentifier identifier() {
    LanguageIdentifier id = identifier;
    if (id == null) {
      synchronized (this) {
        id = identifier;
        if (id == null) {
          id = new LanguageIdentifier(config.languages(), config.engine(), config.lowAccuracy(), config.maxChars(), config.chineseScript());
          identifier = id;
        }
      }
    }
    return id;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    Object source = doc.meta("lang");
    if (source != null && config.skip().contains(source.toString())) {
      return m.keep(doc);
    }
    LanguageIdentifier.Guess g = identifier().identify(doc.text());
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("lang", g.label());
    meta.put("lang_score", Math.round(g.score() * 10000) / 10000.0);
    if (source != null && !config.sourceKey().isEmpty()) {
      meta.put(config.sourceKey(), source);
    }
    if (config.perLine()) {
      meta.put("lang_lines", perLine(doc.text()));
    }
    Document out = doc.withMeta(meta);
    if (!config.allowed().isEmpty()) {
      if (!allowed(g.label())) {
        return m.dropAs("lang_not_allowed", out);
      }
      if (g.score() < config.minScore()) {
        return m.dropAs("lang_low_score", out);
      }
    }
    return m.keep(out);
  }

  boolean allowed(String label) {
    for (String a : config.allowed()) {
      if (label.equals(a) || label.startsWith(a + "-")) {
        return true;
      }
    }
    return false;
  }

  private Map<String, Object> perLine(String text) {
    TreeMap<String, Long> chars = new TreeMap<>();
    long total = 0;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.codePointCount(0, l.length()) < config.minLineChars()) {
        continue;
      }
      String label = identifier().identify(l).label();
      chars.merge(label, (long) l.length(), Long::sum);
      total += l.length();
    }
    Map<String, Object> shares = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : chars.entrySet()) {
      shares.put(e.getKey(), Math.round(10000.0 * e.getValue() / total) / 10000.0);
    }
    return shares;
  }
}
