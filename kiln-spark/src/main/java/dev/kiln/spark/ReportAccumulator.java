package dev.kiln.spark;

import dev.kiln.core.engine.RunReports;
import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.util.AccumulatorV2;

/**
 * Carries task accounting to the driver, keyed by what was computed: (dataset, partition).
 *
 * <p>On an executor it holds the reports of one task attempt. Spark drops the updates of failed
 * attempts (this accumulator does not count failed values) and merges those of successful ones
 * into the driver's instance, which keeps the first report of each key and ignores any later one:
 * a partition computed again (a stage re-run after a lost shuffle file, a lost cached block
 * recomputed, a speculative copy) is counted once. The driver merges reports as they arrive and
 * keeps only their keys, so its memory does not grow with their size.
 */
final class ReportAccumulator extends AccumulatorV2<ReportAccumulator.Report, List<ReportAccumulator.Report>> {
  private static final long serialVersionUID = 1L;

  /** One dataset partition's accounting and accumulators, as the JSON of {@code TaskReports.summary()}. */
  record Report(String key, byte[] summary) implements java.io.Serializable {}

  /** Executor side: this attempt's reports. */
  private final List<Report> reports = new ArrayList<>();

  /** Driver side: what was merged since the last drain, and every key ever merged. */
  private transient Driver driver;

  private static final class Driver {
    final Set<String> seen = new HashSet<>();
    final Map<String, String> firstKeyOfStage = new HashMap<>();
    RunStats pending = new RunStats();
    /** Accumulator values as JSON: read on draining, by the engine that registered them. */
    List<Map<String, Object>> pendingAccumulators = new ArrayList<>();
    long duplicates;
  }

  private synchronized Driver driver() {
    if (driver == null) {
      driver = new Driver();
    }
    return driver;
  }

  @Override
  public synchronized boolean isZero() {
    return reports.isEmpty();
  }

  @Override
  public ReportAccumulator copyAndReset() {
    return new ReportAccumulator();
  }

  @Override
  public synchronized ReportAccumulator copy() {
    ReportAccumulator c = new ReportAccumulator();
    c.reports.addAll(reports);
    return c;
  }

  @Override
  public synchronized void reset() {
    reports.clear();
  }

  @Override
  public synchronized void add(Report r) {
    reports.add(r);
  }

  @Override
  public void merge(AccumulatorV2<Report, List<Report>> other) {
    Driver d = driver();
    for (Report r : other.value()) {
      synchronized (d) {
        if (!d.seen.add(r.key())) {
          d.duplicates++;
          continue;
        }
        TaskReports.Summary summary;
        try {
          summary = Json.MAPPER.readValue(r.summary(), TaskReports.Summary.class);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        RunStats s = summary.stats() == null ? new RunStats() : RunStats.of(summary.stats());
        if (summary.accumulators() != null) {
          d.pendingAccumulators.add(summary.accumulators());
        }
        for (String stage : s.stages().keySet()) {
          d.firstKeyOfStage.merge(stage, r.key(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        d.pending.merge(s);
      }
    }
  }

  @Override
  public synchronized List<Report> value() {
    return Collections.unmodifiableList(new ArrayList<>(reports));
  }

  /**
   * Driver side: merges what arrived since the last call into {@code reports}.
   * Stages new to it are added first, in the order of the first (dataset, partition) that reported
   * them, so the order of stages does not depend on which task finished first.
   */
  void drainInto(RunReports reports) {
    RunStats into = reports.stats();
    Driver d = driver();
    synchronized (d) {
      Set<String> known = into.stages().keySet();
      d.pending.stages().keySet().stream()
          .filter(s -> !known.contains(s))
          .sorted((a, b) -> {
            int c = d.firstKeyOfStage.get(a).compareTo(d.firstKeyOfStage.get(b));
            return c != 0 ? c : a.compareTo(b);
          })
          .forEach(into::stage);
      into.merge(d.pending);
      d.pending = new RunStats();
      d.pendingAccumulators.forEach(reports.accumulators()::mergeJson);
      d.pendingAccumulators = new ArrayList<>();
    }
  }

  /** Reports that arrived for a key already counted (recomputed partitions), and were ignored. */
  long duplicates() {
    Driver d = driver();
    synchronized (d) {
      return d.duplicates;
    }
  }
}
