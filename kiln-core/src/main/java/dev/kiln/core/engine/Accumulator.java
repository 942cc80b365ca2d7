package dev.kiln.core.engine;

import dev.kiln.core.Document;
import java.io.Serializable;

/**
 * A value that tasks add to and the engine merges once per committed task, exactly as it merges the
 * accounting (a retried or recomputed task never counts twice), in the manner of Spark's
 * accumulators: what a pipeline collects besides counts, such as the samples its reports draw. A
 * pipeline registers it with the engine before running ({@link Engine#register}); a task reaches its
 * own value through {@link TaskContext#accumulator}. Merging must give the same value in any order.
 * Values travel as JSON (Jackson, of {@link #type()}) in task markers and executor reports.
 */
public interface Accumulator<A> extends Serializable {
  /** Unique among the accumulators of a run: names the value in markers and reports. */
  String name();

  Class<A> type();

  /** An empty value. */
  A create();

  /** Adds {@code from} into {@code into}. */
  void merge(A into, A from);

  /**
   * Sees a document dropped through {@link TaskContext#drop} (global stages and readers; {@code doc}
   * is null when only the id is known), with the task's value.
   */
  default void dropped(A value, String stage, String id, Document doc, String reason, String detail) {}
}
