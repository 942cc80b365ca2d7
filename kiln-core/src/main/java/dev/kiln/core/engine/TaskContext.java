package dev.kiln.core.engine;

import dev.kiln.core.Document;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.StageProfile;
import dev.kiln.core.stats.StageStats;
import java.nio.file.Path;

/**
 * What a running task reports besides its records: accounting per stage and quarantined input.
 * Engines merge a task's reports once, when the task succeeds, so a retried task never counts
 * twice.
 */
public interface TaskContext {
  int partition();

  /** The task's counters for a stage (created on first use). */
  StageStats stats(String stage);

  /** Sets a record aside with its error; the caller also counts it as quarantined. */
  void quarantine(QuarantineRecord record);

  /**
   * Counts a dropped document and logs its id and reason (plus an optional detail, e.g. a kept twin).
   * The stage's profile samples it for reports (id, reason and detail).
   */
  default void drop(String stage, String docId, String reason, String detail) {
    StageStats s = stats(stage);
    s.dropped(reason);
    s.profile().dropped(StageProfile.hash(docId), docId, reason, detail, null, null);
    logDrop(stage, docId, reason, detail);
  }

  /** {@link #drop(String, String, String, String)} with the document, so reports can show its text too. */
  default void drop(String stage, Document doc, String reason, String detail) {
    StageStats s = stats(stage);
    s.dropped(reason);
    s.profile().dropped(StageProfile.hash(doc.id()), doc.id(), reason, detail, doc, null);
    logDrop(stage, doc.id(), reason, detail);
  }

  /**
   * Where a task may put large temporary files (and deletes them when done): the local engine gives
   * the run's work directory, so they land on the disk the user chose for the run; elsewhere the
   * JVM's temporary directory (on YARN, the container's local directory).
   */
  default Path scratchDir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Readers report input bytes consumed, for progress bars and ETAs. */
  default void progress(long bytesRead) {}

  /** Appends to the run's log of dropped documents; does not count. */
  void logDrop(String stage, String docId, String reason, String detail);
}
