package dev.kiln.clean.text;

import dev.kiln.core.Document;
import java.util.LinkedHashMap;

/**
 * The values a rule measured on one document, written into its metadata under
 * {@code <stage>.<measure>} keys in one copy. Ratios are rounded to 4 decimals (readable, and the
 * same on every machine).
 */
public final class Measures {
  private final String prefix;
  private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

  public Measures(String stage) {
    this.prefix = stage + ".";
  }

  public Measures put(String measure, double value) {
    if (!Double.isNaN(value)) {
      values.put(prefix + measure, Math.round(value * 10000) / 10000.0);
    }
    return this;
  }

  public Measures put(String measure, long value) {
    values.put(prefix + measure, value);
    return this;
  }

  public Document on(Document doc) {
    return values.isEmpty() ? doc : doc.withMeta(values);
  }

  /** The drop reason for a rule: {@code <stage>.<rule>}. */
  public String reason(String rule) {
    return prefix + rule;
  }
}
