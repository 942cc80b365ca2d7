package dev.kiln.core.engine;

/**
 * The engine work done under one activity ({@link Engine#activity}): its steps' wall-clock and
 * process CPU nanoseconds, how many steps ran, and how many were found already committed (a resumed
 * run skips their work).
 */
public record ActivityTime(long wallNanos, long cpuNanos, int steps, int stepsSkipped) {
  public ActivityTime plus(ActivityTime o) {
    return new ActivityTime(wallNanos + o.wallNanos, cpuNanos + o.cpuNanos, steps + o.steps, stepsSkipped + o.stepsSkipped);
  }
}
