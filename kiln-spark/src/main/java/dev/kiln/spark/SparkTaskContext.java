package dev.kiln.spark;

import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reports of one dataset partition computed inside one Spark task attempt: accounting,
 * quarantined records and the drop log. They are kept in memory and published by {@link Reports}
 * only when the attempt succeeds. Batches run on worker threads fill their own context, absorbed in
 * batch order, so reports are deterministic.
 */
final class SparkTaskContext implements TaskContext {
  private final int partition;
  private final LongAdder bytesRead;
  final RunStats stats = new RunStats();
  final List<QuarantineRecord> quarantined = new ArrayList<>();
  final List<Map<String, Object>> drops = new ArrayList<>();

  SparkTaskContext(int partition, LongAdder bytesRead) {
    this.partition = partition;
    this.bytesRead = bytesRead;
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
  public void progress(long bytes) {
    bytesRead.add(bytes);
  }

  @Override
  public void logDrop(String stage, String docId, String reason, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", docId);
    m.put("stage", stage);
    m.put("reason", reason);
    if (detail != null) {
      m.put("detail", detail);
    }
    drops.add(m);
  }

  boolean isEmpty() {
    return stats.stages().isEmpty() && quarantined.isEmpty() && drops.isEmpty();
  }

  SparkTaskContext forBatch() {
    return new SparkTaskContext(partition, bytesRead);
  }

  void absorb(SparkTaskContext batch) {
    stats.merge(batch.stats);
    quarantined.addAll(batch.quarantined);
    drops.addAll(batch.drops);
  }
}
