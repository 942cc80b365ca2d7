package dev.kiln.core.stage;

import dev.kiln.core.Document;
import java.util.Map;
import java.util.Set;

/**
 * One per-document stage configured differently per value of a metadata key, e.g. quality
 * thresholds per domain or language. Built by the registry from the {@code by} and
 * {@code overrides} keys any per-document stage accepts in a recipe:
 *
 * <pre>
 * - length_filter:
 *     min_chars: 200
 *     by: domain
 *     overrides:
 *       code: {min_chars: 50}
 * </pre>
 *
 * With {@code only: [values]} the stage applies to those values alone and every other document
 * (one without the key too) passes it untouched, counted as kept: e.g. a mail classifier that
 * scores mail and leaves poems alone.
 */
public final class ByMeta implements DocumentStage {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final DocumentStage fallback;
  private final Map<String, DocumentStage> byValue;
  private final Set<String> only; // null: every value

  ByMeta(String key, DocumentStage fallback, Map<String, DocumentStage> byValue, Set<String> only) {
    this.key = key;
    this.fallback = fallback;
    this.byValue = Map.copyOf(byValue);
    this.only = only == null ? null : Set.copyOf(only);
  }

  @Override
  public String name() {
    return fallback.name();
  }

  /** The stage as configured outside the overrides. */
  public DocumentStage fallback() {
    return fallback;
  }

  @Override
  public Outcome apply(Document doc) throws Exception {
    Object v = doc.meta(key);
    if (only != null && (v == null || !only.contains(v.toString()))) {
      return Outcome.keep(doc);
    }
    DocumentStage s = v == null ? null : byValue.get(v.toString());
    return (s == null ? fallback : s).apply(doc);
  }
}
