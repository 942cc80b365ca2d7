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

  /** Counter of the documents without the key: all of them means the key is misspelled or absent. */
  public static final String MISSING = "by_missing";
  /** Counter prefix of the documents with a value the recipe names (in {@code overrides} or {@code only}). */
  public static final String SEEN = "by:";

  @Override
  public Outcome apply(Document doc) throws Exception {
    Object v = doc.meta(key);
    String value = v == null ? null : v.toString();
    Outcome o;
    if (only != null && (value == null || !only.contains(value))) {
      o = Outcome.keep(doc);
    } else {
      DocumentStage s = value == null ? null : byValue.get(value);
      o = (s == null ? fallback : s).apply(doc);
    }
    // Counted so a run can tell a recipe whose key or values never match (a typo makes the stage a no-op).
    if (value == null) {
      return o.with(MISSING, 1);
    }
    return byValue.containsKey(value) || only != null && only.contains(value) ? o.with(SEEN + value, 1) : o;
  }

  /** The metadata key dispatched on. */
  public String key() {
    return key;
  }

  /** The values the recipe names: those with overrides and those in {@code only}. */
  public Set<String> namedValues() {
    Set<String> all = new java.util.TreeSet<>(byValue.keySet());
    if (only != null) {
      all.addAll(only);
    }
    return all;
  }
}
