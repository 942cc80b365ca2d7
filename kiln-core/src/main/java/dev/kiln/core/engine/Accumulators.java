package dev.kiln.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.util.Json;
import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accumulators of a run by name, with a value each: the merged values on the engine's side, a
 * task's own values in its {@link TaskReports}. Both engines keep, serialize and merge them here.
 */
public final class Accumulators implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, Accumulator<?>> defined = new LinkedHashMap<>();
  private transient LinkedHashMap<String, Object> values = new LinkedHashMap<>();

  public Accumulators() {}

  /** Empty values of the same accumulators. */
  public Accumulators(Collection<Accumulator<?>> definitions) {
    definitions.forEach(this::register);
  }

  public synchronized void register(Accumulator<?> acc) {
    Accumulator<?> known = defined.putIfAbsent(acc.name(), acc);
    if (known != null && !known.getClass().equals(acc.getClass())) {
      throw new IllegalArgumentException("two accumulators named " + acc.name());
    }
  }

  public synchronized List<Accumulator<?>> definitions() {
    return List.copyOf(defined.values());
  }

  /** The value of {@code acc}, created empty on first use. */
  @SuppressWarnings("unchecked")
  public synchronized <A> A value(Accumulator<A> acc) {
    if (!defined.containsKey(acc.name())) {
      throw new IllegalArgumentException("accumulator " + acc.name() + " was not registered with the engine before the run");
    }
    return (A) values().computeIfAbsent(acc.name(), k -> acc.create());
  }

  /** Tells every accumulator of a dropped document. */
  public synchronized void dropped(String stage, String id, dev.kiln.core.Document doc, String reason, String detail) {
    for (Accumulator<?> acc : defined.values()) {
      notify(acc, stage, id, doc, reason, detail);
    }
  }

  private <A> void notify(Accumulator<A> acc, String stage, String id, dev.kiln.core.Document doc, String reason, String detail) {
    acc.dropped(value(acc), stage, id, doc, reason, detail);
  }

  public synchronized boolean isEmpty() {
    return values().isEmpty();
  }

  /** Adds another set of values of the same accumulators. */
  public synchronized void merge(Accumulators other) {
    other.values().forEach((name, v) -> mergeValue(defined.get(name), v));
  }

  @SuppressWarnings("unchecked")
  private <A> void mergeValue(Accumulator<A> acc, Object v) {
    acc.merge(value(acc), (A) v);
  }

  /** The values as JSON, by name. */
  public synchronized Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    values().forEach((name, v) -> m.put(name, Json.MAPPER.valueToTree(v)));
    return m;
  }

  /** Adds values read back from {@link #toJson()} (a marker, an executor's report). */
  public synchronized void mergeJson(Map<String, Object> json) {
    json.forEach((name, tree) -> {
      Accumulator<?> acc = defined.get(name);
      if (acc == null) {
        throw new IllegalStateException("a task reported accumulator " + name + ", which this run did not register");
      }
      mergeValue(acc, Json.MAPPER.convertValue(tree instanceof JsonNode n ? n : Json.MAPPER.valueToTree(tree), acc.type()));
    });
  }

  private LinkedHashMap<String, Object> values() {
    if (values == null) {
      values = new LinkedHashMap<>();
    }
    return values;
  }
}
