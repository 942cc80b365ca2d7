package dev.kiln.io;

import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import java.util.ArrayList;
import java.util.List;

/** A task context that keeps everything in memory, for reader tests. */
final class FakeContext implements TaskContext {
  final RunStats stats = new RunStats();
  final List<QuarantineRecord> quarantined = new ArrayList<>();
  final List<String> drops = new ArrayList<>();

  @Override
  public int partition() {
    return 0;
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
  public <A> A accumulator(dev.kiln.core.engine.Accumulator<A> acc) {
    throw new UnsupportedOperationException("readers use no accumulators");
  }

  @Override
  public void observeDrop(String stage, String docId, dev.kiln.core.Document doc, String reason, String detail) {}

  @Override
  public void logDrop(String stage, String docId, String reason, String detail) {
    drops.add(reason + ":" + detail);
  }
}
