package dev.kiln.core.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.TreeMap;

/**
 * One stage's accounting: documents in = kept + dropped (by reason) + quarantined. Extra counters
 * (tokens, bytes...) ride along. Mutable within one task; merged by the engine.
 */
public final class StageStats {
  private long in;
  private long kept;
  private long quarantined;
  private final TreeMap<String, Long> dropped = new TreeMap<>();
  private final TreeMap<String, Long> counters = new TreeMap<>();

  public void in() {
    in++;
  }

  public void kept() {
    kept++;
  }

  public void dropped(String reason) {
    dropped.merge(reason, 1L, Long::sum);
  }

  public void quarantined() {
    quarantined++;
  }

  /** Adds to a named counter such as "tokens" or "bytes_in". */
  public void add(String counter, long delta) {
    counters.merge(counter, delta, Long::sum);
  }

  public long inCount() {
    return in;
  }

  public long keptCount() {
    return kept;
  }

  public long quarantinedCount() {
    return quarantined;
  }

  public long droppedCount() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> droppedByReason() {
    return java.util.Collections.unmodifiableMap(dropped);
  }

  public Map<String, Long> counters() {
    return java.util.Collections.unmodifiableMap(counters);
  }

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** True when every document that came in is accounted for. */
  public boolean balanced() {
    return in == kept + droppedCount() + quarantined;
  }

  public void merge(StageStats o) {
    in += o.in;
    kept += o.kept;
    quarantined += o.quarantined;
    o.dropped.forEach((k, v) -> dropped.merge(k, v, Long::sum));
    o.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
  }

  /** The counts as a record: the form stats.json, task markers and engine reports carry (JSON). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Counts(long in, long kept, long dropped, TreeMap<String, Long> droppedByReason,
      long quarantined, TreeMap<String, Long> counters) {}

  public Counts counts() {
    return new Counts(in, kept, droppedCount(), new TreeMap<>(dropped), quarantined, counters.isEmpty() ? null : new TreeMap<>(counters));
  }

  public static StageStats of(Counts c) {
    StageStats s = new StageStats();
    s.in = c.in();
    s.kept = c.kept();
    s.quarantined = c.quarantined();
    s.dropped.putAll(c.droppedByReason());
    if (c.counters() != null) {
      s.counters.putAll(c.counters());
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageStats s && counts().equals(s.counts());
  }

  @Override
  public int hashCode() {
    return counts().hashCode();
  }

  @Override
  public String toString() {
    return counts().toString();
  }
}
