package dev.kiln.core.engine;

import dev.kiln.core.stats.RunStats;

/**
 * What an engine has merged of its committed tasks: the accounting and the accumulators' values,
 * each task's {@link TaskReports.Summary} merged once.
 */
public final class RunReports {
  private final RunStats stats = new RunStats();
  private final Accumulators accumulators = new Accumulators();

  public RunStats stats() {
    return stats;
  }

  /** The registered accumulators and their merged values. */
  public Accumulators accumulators() {
    return accumulators;
  }

  /** Adds a committed task's reports. */
  public void merge(TaskReports.Summary summary) {
    TaskReports.merge(summary, stats, accumulators);
  }
}
