package dev.kiln.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A document: the id it had at ingestion, its text, and metadata (source, lang, domain, scores,
 * spans...). Immutable: stages return a changed copy, so a stage can never corrupt another's view.
 * Metadata values are JSON-like: String, Number, Boolean, List, Map.
 */
public final class Document {
  private final String id;
  private final String text;
  private final Map<String, Object> meta;

  private Document(String id, String text, Map<String, Object> meta) {
    this.id = Objects.requireNonNull(id, "id");
    this.text = Objects.requireNonNull(text, "text");
    this.meta = meta;
  }

  public static Document of(String id, String text) {
    return new Document(id, text, Map.of());
  }

  public static Document of(String id, String text, Map<String, ?> meta) {
    return new Document(id, text, freeze(meta));
  }

  public String id() {
    return id;
  }

  public String text() {
    return text;
  }

  /** Unmodifiable, in insertion order (so serialized output is deterministic). */
  public Map<String, Object> meta() {
    return meta;
  }

  public Object meta(String key) {
    return meta.get(key);
  }

  public String metaString(String key, String orElse) {
    Object v = meta.get(key);
    return v == null ? orElse : v.toString();
  }

  public double metaDouble(String key, double orElse) {
    Object v = meta.get(key);
    return v instanceof Number n ? n.doubleValue() : orElse;
  }

  public Document withText(String newText) {
    return newText.equals(text) ? this : new Document(id, newText, meta);
  }

  public Document withMeta(String key, Object value) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>(meta);
    if (value == null) {
      m.remove(key);
    } else {
      m.put(key, value);
    }
    return new Document(id, text, Collections.unmodifiableMap(m));
  }

  public Document withMeta(Map<String, ?> entries) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>(meta);
    m.putAll(entries);
    return new Document(id, text, Collections.unmodifiableMap(m));
  }

  private static Map<String, Object> freeze(Map<String, ?> meta) {
    return meta.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Document d && id.equals(d.id) && text.equals(d.text) && meta.equals(d.meta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, text, meta);
  }

  @Override
  public String toString() {
    String t = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return "Document{id=" + id + ", text=" + t + ", meta=" + meta + "}";
  }
}
