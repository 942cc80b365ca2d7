package dev.kiln.core.stats;

import java.util.Map;
import java.util.TreeMap;

/**
 * One stage's accounting: documents in = kept + dropped (by reason) + quarantined. Extra counters
 * (tokens, bytes...) ride along, and a {@link StageProfile} (samples for reports) when the pipeline
 * records one. Mutable within one task; merged by the engine.
 */
public final class StageStats {
  private long in;
  private long kept;
  private long quarantined;
  private final TreeMap<String, Long> dropped = new TreeMap<>();
  private final TreeMap<String, Long> counters = new TreeMap<>();
  private StageProfile profile;

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

  /** Samples for reports (created on first use); rides with the counts through merges and task markers. */
  public StageProfile profile() {
    if (profile == null) {
      profile = new StageProfile();
    }
    return profile;
  }

  /** True when a profile was recorded. */
  public boolean hasProfile() {
    return profile != null && !profile.isEmpty();
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
    if (o.profile != null) {
      profile().merge(o.profile);
    }
  }

  /** Counts, counters and the profile (the form task markers and engine reports carry). */
  public Map<String, Object> toMap() {
    return toMap(true);
  }

  /** Counts and counters; with the profile when asked (stats.json leaves it out: it goes to profile.json). */
  public Map<String, Object> toMap(boolean withProfile) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("in", in);
    m.put("kept", kept);
    m.put("dropped", droppedCount());
    m.put("dropped_by_reason", new java.util.LinkedHashMap<>(dropped));
    m.put("quarantined", quarantined);
    if (!counters.isEmpty()) {
      m.put("counters", new java.util.LinkedHashMap<>(counters));
    }
    if (withProfile && hasProfile()) {
      m.put("profile", profile.toMap());
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  public static StageStats fromMap(Map<String, Object> m) {
    StageStats s = new StageStats();
    s.in = ((Number) m.get("in")).longValue();
    s.kept = ((Number) m.get("kept")).longValue();
    s.quarantined = ((Number) m.get("quarantined")).longValue();
    ((Map<String, Object>) m.getOrDefault("dropped_by_reason", Map.of())).forEach((k, v) -> s.dropped.put(k, ((Number) v).longValue()));
    ((Map<String, Object>) m.getOrDefault("counters", Map.of())).forEach((k, v) -> s.counters.put(k, ((Number) v).longValue()));
    if (m.get("profile") instanceof Map<?, ?> p) {
      s.profile = StageProfile.fromMap((Map<String, Object>) p);
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageStats s && toMap().equals(s.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
