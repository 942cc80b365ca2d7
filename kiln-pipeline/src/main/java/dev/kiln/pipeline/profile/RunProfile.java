package dev.kiln.pipeline.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/** Per stage (by account name), its samples and breakdown: the value of the run's {@link Profiler#ACCUMULATOR}. */
public final class RunProfile {
  /** One stage's part. */
  public record Stage(Samples samples, Breakdown breakdown) {
    Stage() {
      this(new Samples(), new Breakdown());
    }

    void merge(Stage o) {
      samples.merge(o.samples);
      breakdown.merge(o.breakdown);
    }
  }

  private final TreeMap<String, Stage> stages = new TreeMap<>();

  public RunProfile() {}

  @JsonCreator
  RunProfile(Map<String, Stage> stages) {
    stages.forEach((k, v) -> stage(k).merge(v));
  }

  @JsonValue
  Map<String, Stage> stages() {
    return stages;
  }

  /** A stage's part, created on first use. */
  public Stage stage(String name) {
    return stages.computeIfAbsent(name, k -> new Stage());
  }

  /** A stage's part, or null when nothing was recorded for it. */
  public Stage get(String name) {
    return stages.get(name);
  }

  public void merge(RunProfile o) {
    o.stages.forEach((k, v) -> stage(k).merge(v));
  }
}
