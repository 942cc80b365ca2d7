package dev.kiln.core.stage;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures.Verdict;

/**
 * A per-document filter that decides on values it measures. It implements {@link #judge}, which
 * can only answer with {@code m.keep(doc)} or {@code m.drop(rule, doc)} ({@link Verdict} has no
 * other maker), so a dropped document always carries its measures:
 *
 * <pre>{@code
 * @StageInfo(name = "url_ratio", description = "...")
 * public final class UrlRatio extends MeasuringStage {
 *   @Override
 *   protected Verdict judge(Document doc, Measures m) {
 *     m.put("url_chars", share);
 *     return share > config.maxUrlChars() ? m.drop("url_chars", doc) : m.keep(doc);
 *   }
 * }
 * }</pre>
 *
 * The stage's name, the prefix of its measures and drop reasons, comes from its {@link StageInfo}.
 */
public abstract class MeasuringStage implements DocumentStage {
  private static final long serialVersionUID = 1L;

  private final String name;

  protected MeasuringStage() {
    this.name = StageRegistry.nameOf(getClass());
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Outcome apply(Document doc) {
    Measures m = new Measures(name);
    Verdict v = judge(doc, m);
    if (v == null) {
      throw new IllegalStateException(name + ": judge returned no verdict");
    }
    return v.outcome(m);
  }

  /** Measures {@code doc} into {@code m} and keeps or drops it through {@code m}. */
  protected abstract Verdict judge(Document doc, Measures m);
}
