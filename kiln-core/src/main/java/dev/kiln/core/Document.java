package dev.kiln.core;

import java.util.Collections;
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
  private final Meta meta;

  private Document(String id, String text, Meta meta) {
    this.id = Objects.requireNonNull(id, "id");
    this.text = Objects.requireNonNull(text, "text");
    this.meta = meta;
  }

  public static Document of(String id, String text) {
    return new Document(id, text, Meta.EMPTY);
  }

  public static Document of(String id, String text, Map<String, ?> meta) {
    return new Document(id, text, Meta.copyOf(meta));
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
    return new Document(id, text, value == null ? meta.without(key) : meta.with(Collections.singletonMap(key, value)));
  }

  public Document withMeta(Map<String, ?> entries) {
    return entries.isEmpty() ? this : new Document(id, text, meta.with(entries));
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
