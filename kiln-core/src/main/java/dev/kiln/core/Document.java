package dev.kiln.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * A document: the id it had at ingestion, its text, metadata (source, lang, domain, scores,
 * spans...) and, once tokenized, its token ids. Immutable: stages return a changed copy, so a stage
 * can never corrupt another's view. Metadata values are JSON-like: String, Number, Boolean, List, Map.
 * Token ids are a typed slot, not metadata: they cross stages, checkpoints and shuffles as ids.
 */
public final class Document {
  private final String id;
  private final String text;
  private final Meta meta;
  /** Null until tokenized; never modified (copied in and out). */
  private final int[] tokenIds;

  private Document(String id, String text, Meta meta, int[] tokenIds) {
    this.id = Objects.requireNonNull(id, "id");
    this.text = Objects.requireNonNull(text, "text");
    this.meta = meta;
    this.tokenIds = tokenIds;
  }

  public static Document of(String id, String text) {
    return new Document(id, text, Meta.EMPTY, null);
  }

  public static Document of(String id, String text, Map<String, ?> meta) {
    return new Document(id, text, Meta.copyOf(meta), null);
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
    return newText.equals(text) ? this : new Document(id, newText, meta, tokenIds);
  }

  public Document withMeta(String key, Object value) {
    return new Document(id, text, value == null ? meta.without(key) : meta.with(Collections.singletonMap(key, value)), tokenIds);
  }

  public Document withMeta(Map<String, ?> entries) {
    return entries.isEmpty() ? this : new Document(id, text, meta.with(entries), tokenIds);
  }

  /** True once tokenized. */
  public boolean hasTokenIds() {
    return tokenIds != null;
  }

  /** The token ids (a copy), or null when not tokenized. */
  public int[] tokenIds() {
    return tokenIds == null ? null : tokenIds.clone();
  }

  /** How many token ids; 0 when not tokenized. */
  public int tokenCount() {
    return tokenIds == null ? 0 : tokenIds.length;
  }

  /** Appends the token ids to {@code dst} at {@code at} (no copy in between); returns how many. */
  public int copyTokenIds(int[] dst, int at) {
    System.arraycopy(tokenIds, 0, dst, at, tokenIds.length);
    return tokenIds.length;
  }

  /** This document with token ids (copied), or without them (null). */
  public Document withTokenIds(int[] ids) {
    return new Document(id, text, meta, ids == null ? null : ids.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Document d && id.equals(d.id) && text.equals(d.text) && meta.equals(d.meta) && Arrays.equals(tokenIds, d.tokenIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, text, meta) * 31 + Arrays.hashCode(tokenIds);
  }

  @Override
  public String toString() {
    String t = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return "Document{id=" + id + ", text=" + t + ", meta=" + meta + "}";
  }
}
