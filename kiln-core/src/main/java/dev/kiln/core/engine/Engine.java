package dev.kiln.core.engine;

import dev.kiln.core.stats.RunStats;
import java.util.List;

/**
 * Runs datasets: the local engine on threads and disk, the Spark engine on a cluster. Stages never
 * see which: they only use {@link Dataset}.
 */
public interface Engine extends AutoCloseable {
  /** A dataset with one partition per split, read by {@code reader} on whichever node runs it. */
  <T> Dataset<T> read(List<? extends Split> splits, SplitReader<T> reader, Codec<T> codec);

  /** What the engine merged of its committed tasks, exactly once per task. */
  RunReports reports();

  /** Accounting merged over every task that has completed, exactly once per task. */
  default RunStats stats() {
    return reports().stats();
  }

  /**
   * Adds an accumulator to this engine's runs: every task gets its own value, merged into the
   * engine's once per committed task. Register before building the plan that uses it.
   */
  default void register(Accumulator<?> acc) {
    reports().accumulators().register(acc);
  }

  /** An accumulator's value merged over every task that has committed. */
  default <A> A accumulated(Accumulator<A> acc) {
    return reports().accumulators().value(acc);
  }

  /**
   * Names what the plan computes from now on, in the user's terms (a recipe stage): progress shows it,
   * and the steps run until the next call are timed under it ({@link #activityTimes}).
   */
  default void activity(String name) {}

  /** Where the work stands now, for progress lines. */
  default EngineStatus status() {
    return EngineStatus.UNKNOWN;
  }

  /** The work done under each activity so far, in the order first named. */
  default java.util.Map<String, ActivityTime> activityTimes() {
    return java.util.Map.of();
  }

  @Override
  void close();
}
