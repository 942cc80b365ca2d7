package dev.kiln.core.stage;

import dev.kiln.core.Document;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a {@link MeasuringStage} measured on one document, and the only maker of its
 * {@link Verdict}: {@link #keep} and {@link #drop} both write the measures into the document's
 * metadata (under {@code <stage>.<measure>} keys, in one copy), so a dropped document carries what
 * it was dropped for and reports can plot it against the threshold. Ratios are rounded to 4
 * decimals (readable, and the same on every machine).
 *
 * <pre>{@code
 * m.put("words", words).put("mean_word_length", mean);
 * if (words < config.minWords()) {
 *   return m.drop("too_few_words", doc);      // reason gopher_quality.too_few_words
 * }
 * return m.keep(doc);
 * }</pre>
 *
 * One instance per document, made by the stage's {@link MeasuringStage#apply}; not thread-safe.
 */
public final class Measures {
  // The full keys per stage, built once rather than concatenated for every document.
  private static final ConcurrentHashMap<String, Keys> KEYS = new ConcurrentHashMap<>();

  private record Keys(String prefix, ConcurrentHashMap<String, String> full) {
    String of(String measure) {
      String key = full.get(measure);
      return key != null ? key : full.computeIfAbsent(measure, m -> prefix + m);
    }
  }

  private final Keys keys;
  private LinkedHashMap<String, Object> values; // null until a value is put

  /** For {@link MeasuringStage} only: the stage names itself from its {@link StageInfo}. */
  Measures(String stage) {
    Keys k = KEYS.get(stage);
    this.keys = k != null ? k : KEYS.computeIfAbsent(stage, s -> new Keys(s + ".", new ConcurrentHashMap<>()));
  }

  /** Records {@code <stage>.<measure>}, rounded to 4 decimals; NaN (not measurable) records nothing. */
  public Measures put(String measure, double value) {
    if (!Double.isNaN(value)) {
      values().put(keys.of(measure), Math.round(value * 10000) / 10000.0);
    }
    return this;
  }

  /** Records {@code <stage>.<measure>}. */
  public Measures put(String measure, long value) {
    values().put(keys.of(measure), value);
    return this;
  }

  /** Keeps {@code doc} (possibly changed by the stage) with the measures written. */
  public Verdict keep(Document doc) {
    return new Verdict(this, Outcome.keep(on(doc)));
  }

  /**
   * Drops {@code doc} for breaking {@code rule}: the reason is {@code <stage>.<rule>}, and the
   * dropped document, with the measures written, goes to reports (it is not passed on).
   */
  public Verdict drop(String rule, Document doc) {
    return new Verdict(this, Outcome.drop(keys.of(Objects.requireNonNull(rule, "rule")), on(doc)));
  }

  /**
   * As {@link #drop}, with {@code reason} as it is, without the stage's name: for the reasons
   * stages gave before the {@code <stage>.<rule>} convention ({@code too_short},
   * {@code lang_not_allowed}), which recipes and reports already know.
   */
  public Verdict dropAs(String reason, Document doc) {
    return new Verdict(this, Outcome.drop(Objects.requireNonNull(reason, "reason"), on(doc)));
  }

  private Document on(Document doc) {
    Objects.requireNonNull(doc, "doc");
    return values == null ? doc : doc.withMeta(values);
  }

  private LinkedHashMap<String, Object> values() {
    if (values == null) {
      values = new LinkedHashMap<>();
    }
    return values;
  }

  /**
   * What a {@link MeasuringStage} decided about one document: made only by that document's
   * {@link Measures}, so every decision, a drop too, carries the measured document.
   */
  public static final class Verdict {
    private final Measures by;
    private final Outcome outcome;

    private Verdict(Measures by, Outcome outcome) {
      this.by = by;
      this.outcome = outcome;
    }

    /** The outcome, checked to come from {@code m}: the measures of this stage and this document. */
    Outcome outcome(Measures m) {
      if (by != m) {
        throw new IllegalStateException("a verdict must come from the Measures its judge was given");
      }
      return outcome;
    }

    @Override
    public String toString() {
      return outcome.toString();
    }
  }
}
