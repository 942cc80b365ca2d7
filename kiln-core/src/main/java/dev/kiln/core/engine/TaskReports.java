package dev.kiln.core.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.core.stats.DropRecord;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.util.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link TaskContext} every engine gives a task (or one batch of it): accounting, quarantined
 * records and the drop log, kept in memory until the engine commits them. Batches running on worker
 * threads each fill their own ({@link #forBatch}), absorbed in batch order, so reports are
 * deterministic. How and when they are published is the engine's business; the log lines are the
 * same everywhere ({@link #writeQuarantine}, {@link #writeDrops}).
 */
public final class TaskReports implements TaskContext {
  private final int partition;
  private final ReadProgress read;
  private final Path scratch;
  private final RunStats stats = new RunStats();
  private final List<QuarantineRecord> quarantined = new ArrayList<>();
  private final List<DropRecord> drops = new ArrayList<>();
  private final Accumulators accumulators;

  /**
   * Reports of one partition: {@code read} collects input progress across tasks, {@code scratch}
   * is the task's directory for temporary files (null: the JVM's), {@code accumulators} those the run
   * registered.
   */
  public TaskReports(int partition, ReadProgress read, Path scratch, java.util.Collection<Accumulator<?>> accumulators) {
    this.partition = partition;
    this.read = read;
    this.scratch = scratch;
    this.accumulators = new Accumulators(accumulators);
  }

  @Override
  public Path scratchDir() {
    return scratch != null ? scratch : TaskContext.super.scratchDir();
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
  public <A> A accumulator(Accumulator<A> acc) {
    return accumulators.value(acc);
  }

  @Override
  public void observeDrop(String stage, String docId, dev.kiln.core.Document doc, String reason, String detail) {
    accumulators.dropped(stage, docId, doc, reason, detail);
  }

  @Override
  public void progress(long inputBytes, long textBytes) {
    read.inputBytes.add(inputBytes);
    read.textBytes.add(textBytes);
  }

  @Override
  public void logDrop(String stage, String docId, String reason, String detail) {
    drops.add(new DropRecord(docId, stage, reason, detail));
  }

  /** The accounting of every stage this task touched. */
  public RunStats runStats() {
    return stats;
  }

  public boolean hasQuarantined() {
    return !quarantined.isEmpty();
  }

  public boolean hasDrops() {
    return !drops.isEmpty();
  }

  public boolean isEmpty() {
    return stats.stages().isEmpty() && quarantined.isEmpty() && drops.isEmpty() && accumulators.isEmpty();
  }

  /** Empty reports for one batch of this task, sharing its progress counter. */
  public TaskReports forBatch() {
    return new TaskReports(partition, read, scratch, accumulators.definitions());
  }

  /** Adds a batch's reports after those already here. */
  public void absorb(TaskReports batch) {
    stats.merge(batch.stats);
    quarantined.addAll(batch.quarantined);
    drops.addAll(batch.drops);
    accumulators.merge(batch.accumulators);
  }

  /**
   * What an engine keeps of a committed task and merges into the run ({@link #merge}): the
   * accounting and the accumulators' values (as JSON), in task markers and executor reports.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Summary(LinkedHashMap<String, StageStats.Counts> stats, Map<String, Object> accumulators) {}

  public Summary summary() {
    return new Summary(stats.counts(), accumulators.toJson());
  }

  /** Merges a task's {@link #summary()} into a run's accounting and accumulators. */
  public static void merge(Summary summary, RunStats stats, Accumulators accumulators) {
    if (summary.stats() != null) {
      stats.merge(RunStats.of(summary.stats()));
    }
    if (summary.accumulators() != null) {
      accumulators.mergeJson(summary.accumulators());
    }
  }

  /** The quarantined records as JSON lines (the {@code quarantine/} log); closes {@code out}. */
  public void writeQuarantine(OutputStream out) throws IOException {
    writeLines(out, quarantined.stream().map(q -> (Object) q.toMap()).toList());
  }

  /** Opens the drop log of one stage for writing. */
  public interface LogOpener {
    OutputStream open(String stageFolder) throws IOException;
  }

  /**
   * The dropped documents as JSON lines, one log per stage ({@code dropped/STAGE/...}, the folder named
   * by {@link DropRecord#folder}): each stream {@code open} gives is closed here.
   */
  public void writeDrops(LogOpener open) throws IOException {
    Map<String, List<Object>> byStage = new LinkedHashMap<>();
    for (DropRecord d : drops) {
      byStage.computeIfAbsent(DropRecord.folder(d.stage()), k -> new ArrayList<>()).add(d);
    }
    for (Map.Entry<String, List<Object>> e : byStage.entrySet()) {
      writeLines(open.open(e.getKey()), e.getValue());
    }
  }

  private static void writeLines(OutputStream out, List<Object> lines) throws IOException {
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      for (Object line : lines) {
        w.write(Json.MAPPER.writeValueAsString(line));
        w.write('\n');
      }
    }
  }
}
