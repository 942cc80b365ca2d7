package dev.kiln.local;

import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task's (or one batch's) reports, kept in memory until the task commits. Batches run on worker
 * threads each fill their own context, merged in batch order, so reports are deterministic.
 */
final class LocalTaskContext implements TaskContext {
  private final int partition;
  final RunStats stats = new RunStats();
  final List<QuarantineRecord> quarantined = new ArrayList<>();
  final List<Map<String, Object>> drops = new ArrayList<>();

  private final java.util.concurrent.atomic.LongAdder bytesRead;

  LocalTaskContext(int partition, java.util.concurrent.atomic.LongAdder bytesRead) {
    this.partition = partition;
    this.bytesRead = bytesRead;
  }

  @Override
  public void progress(long bytes) {
    bytesRead.add(bytes);
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public StageStats stats(String stage) {
    return stats.stage(stage);
  }

  @Override
  public void quarantine(QuarantineRecord record) {
    quarantined.add(record);
  }

  @Override
  public void logDrop(String stage, String docId, String reason, String detail) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", docId);
    m.put("stage", stage);
    m.put("reason", reason);
    if (detail != null) {
      m.put("detail", detail);
    }
    drops.add(m);
  }

  LocalTaskContext forBatch() {
    return new LocalTaskContext(partition, bytesRead);
  }

  void absorb(LocalTaskContext batch) {
    stats.merge(batch.stats);
    quarantined.addAll(batch.quarantined);
    drops.addAll(batch.drops);
  }
}
