package dev.kiln.pipeline.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Documents, characters and tokens by the value of a few metadata keys ({@link #KEYS}), in bounded
 * memory: past {@link #MAX_VALUES} values per key, the alphabetically last fold into {@link #OTHER},
 * so the result does not depend on merge order.
 */
public final class Breakdown {
  /** Metadata keys documents are broken down by. */
  public static final List<String> KEYS = List.of("source", "lang", "domain");
  /** Values per key; the rest count under {@link #OTHER}. */
  public static final int MAX_VALUES = 200;
  public static final String OTHER = "(other)";
  /** The value of a document without the key. */
  public static final String NONE = "(none)";

  /** Counts of one value. */
  public record Counts(long documents, long chars, long tokens) {
    Counts plus(Counts o) {
      return new Counts(documents + o.documents, chars + o.chars, tokens + o.tokens);
    }
  }

  private final TreeMap<String, TreeMap<String, Counts>> byKey = new TreeMap<>();

  public Breakdown() {}

  @JsonCreator
  Breakdown(Map<String, Map<String, Counts>> counts) {
    counts.forEach((key, values) -> values.forEach((value, c) -> add(key, value, c)));
  }

  /** Key, value, counts. */
  @JsonValue
  public Map<String, TreeMap<String, Counts>> counts() {
    return byKey;
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** Counts a document of {@code chars} code points and {@code tokens} tokens under each key's value. */
  public void add(Map<String, Object> meta, long chars, long tokens) {
    Counts one = new Counts(1, chars, tokens);
    for (String key : KEYS) {
      Object v = meta.get(key);
      add(key, v == null ? NONE : v.toString(), one);
    }
  }

  private void add(String key, String value, Counts c) {
    TreeMap<String, Counts> values = byKey.computeIfAbsent(key, k -> new TreeMap<>());
    values.merge(value, c, Counts::plus);
    while (values.size() - (values.containsKey(OTHER) ? 1 : 0) > MAX_VALUES) {
      String last = values.lastKey().equals(OTHER) ? values.lowerKey(OTHER) : values.lastKey();
      values.merge(OTHER, values.remove(last), Counts::plus);
    }
  }

  public void merge(Breakdown o) {
    o.byKey.forEach((key, values) -> values.forEach((value, c) -> add(key, value, c)));
  }
}
