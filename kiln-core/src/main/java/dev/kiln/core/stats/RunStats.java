package dev.kiln.core.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/** Accounting of a run (or a task), stage by stage, in pipeline order. */
public final class RunStats {
  private final LinkedHashMap<String, StageStats> stages = new LinkedHashMap<>();

  /** The stage's counters, created (at the end of the order) on first use. */
  public synchronized StageStats stage(String name) {
    return stages.computeIfAbsent(name, k -> new StageStats());
  }

  public synchronized Map<String, StageStats> stages() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
  }

  public synchronized void merge(RunStats other) {
    other.stages().forEach((name, s) -> stage(name).merge(s));
  }

  /** Every stage's counts, in pipeline order: the JSON form. */
  public synchronized LinkedHashMap<String, StageStats.Counts> counts() {
    LinkedHashMap<String, StageStats.Counts> m = new LinkedHashMap<>();
    stages.forEach((k, v) -> m.put(k, v.counts()));
    return m;
  }

  public static RunStats of(Map<String, StageStats.Counts> counts) {
    RunStats r = new RunStats();
    counts.forEach((k, v) -> r.stage(k).merge(StageStats.of(v)));
    return r;
  }
}
