package dev.kiln.core.engine;

import dev.kiln.core.Document;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.StageStats;
import java.nio.file.Path;

/**
 * What a running task reports besides its records: accounting per stage, quarantined input, the
 * drop log and the run's accumulators. Engines merge a task's reports once, when the task succeeds,
 * so a retried task never counts twice.
 */
public interface TaskContext {
  int partition();

  /** The task's counters for a stage (created on first use). */
  StageStats stats(String stage);

  /** Sets a record aside with its error; the caller also counts it as quarantined. */
  void quarantine(QuarantineRecord record);

  /** Appends to the run's log of dropped documents; does not count. */
  void logDrop(String stage, String docId, String reason, String detail);

  /** This task's value of an accumulator the run registered ({@link Engine#register}). */
  <A> A accumulator(Accumulator<A> acc);

  /** Tells the run's accumulators of a dropped document ({@code doc} null when only its id is known). */
  void observeDrop(String stage, String docId, Document doc, String reason, String detail);

  /**
   * Counts a dropped document under {@code stage} and logs its id and reason, plus an optional detail
   * (e.g. a kept twin); the run's accumulators see the document (reports sample its text).
   */
  default void drop(String stage, Document doc, String reason, String detail) {
    drop(stage, doc.id(), doc, reason, detail);
  }

  /** {@link #drop(String, Document, String, String)} where only the id is known (a reader skipping a record). */
  default void drop(String stage, String docId, String reason, String detail) {
    drop(stage, docId, null, reason, detail);
  }

  private void drop(String stage, String docId, Document doc, String reason, String detail) {
    stats(stage).dropped(reason);
    logDrop(stage, docId, reason, detail);
    observeDrop(stage, docId, doc, reason, detail);
  }

  /**
   * Where a task may put large temporary files (and deletes them when done): the local engine gives
   * the run's work directory, so they land on the disk the user chose for the run; elsewhere the
   * JVM's temporary directory (on YARN, the container's local directory).
   */
  default Path scratchDir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Readers report input consumed, for progress lines: bytes as stored, and the text they decompress to. */
  default void progress(long inputBytes, long textBytes) {}
}
