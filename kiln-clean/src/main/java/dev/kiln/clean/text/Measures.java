package dev.kiln.clean.text;

import dev.kiln.core.Document;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a rule measured on one document, written into its metadata under
 * {@code <stage>.<measure>} keys in one copy. Ratios are rounded to 4 decimals (readable, and the
 * same on every machine).
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
  private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

  public Measures(String stage) {
    this.keys = KEYS.computeIfAbsent(stage, s -> new Keys(s + ".", new ConcurrentHashMap<>()));
  }

  public Measures put(String measure, double value) {
    if (!Double.isNaN(value)) {
      values.put(keys.of(measure), Math.round(value * 10000) / 10000.0);
    }
    return this;
  }

  public Measures put(String measure, long value) {
    values.put(keys.of(measure), value);
    return this;
  }

  public Document on(Document doc) {
    return values.isEmpty() ? doc : doc.withMeta(values);
  }

  /** The drop reason for a rule: {@code <stage>.<rule>}. */
  public String reason(String rule) {
    return keys.of(rule);
  }
}
