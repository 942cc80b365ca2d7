package dev.kiln.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiln.core.engine.Accumulator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time spent inside each per-document stage (and in parsing, under {@code read}), summed over
 * threads, with the text bytes that entered it: a run accumulator, so a resumed run keeps the times
 * of the work it found committed. Clock readings, so never part of the run's deterministic files.
 */
public final class StageTimes {
  /** The run's stage times, registered with the engine by the pipeline. */
  public static final Accumulator<StageTimes> ACCUMULATOR = new Accumulator<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "stage_times";
    }

    @Override
    public Class<StageTimes> type() {
      return StageTimes.class;
    }

    @Override
    public StageTimes create() {
      return new StageTimes();
    }

    @Override
    public void merge(StageTimes into, StageTimes from) {
      from.byStage.forEach((k, v) -> into.add(k, v[0], v[1]));
    }
  };

  /** Per stage: nanoseconds inside it, text bytes in. */
  private final TreeMap<String, long[]> byStage = new TreeMap<>();

  public StageTimes() {}

  @JsonCreator
  StageTimes(Map<String, long[]> byStage) {
    byStage.forEach((k, v) -> add(k, v[0], v[1]));
  }

  @JsonValue
  Map<String, long[]> byStage() {
    return byStage;
  }

  public void add(String stage, long nanos, long textBytes) {
    long[] t = byStage.computeIfAbsent(stage, k -> new long[2]);
    t[0] += nanos;
    t[1] += textBytes;
  }

  /** Nanoseconds spent inside the stage, summed over threads (0 when it never ran here). */
  public long nanos(String stage) {
    long[] t = byStage.get(stage);
    return t == null ? 0 : t[0];
  }

  /** Text bytes (UTF-8) of the documents that entered the stage. */
  public long textBytes(String stage) {
    long[] t = byStage.get(stage);
    return t == null ? 0 : t[1];
  }
}
