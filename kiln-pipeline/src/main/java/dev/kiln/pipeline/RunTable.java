package dev.kiln.pipeline;

import dev.kiln.core.stats.RunStats;
import java.util.Locale;

/**
 * The end-of-run table: one row a stage (then the final write) with its documents in, kept,
 * dropped and quarantined, where the time went (wall and CPU seconds, MB of text in per second of
 * wall time), and its drop reasons.
 */
public final class RunTable {
  private RunTable() {}

  public static String render(RunStats stats, TimingFile timing) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-20s %10s %10s %9s %6s %8s %8s %8s  %s%n";
    sb.append(String.format(Locale.ROOT, fmt, "stage", "in", "kept", "dropped", "quar.", "wall s", "cpu s", "MB/s", "dropped by reason"));
    stats.stages().forEach((name, s) -> {
      StringBuilder reasons = new StringBuilder();
      s.droppedByReason().forEach((r, n) -> reasons.append(reasons.length() > 0 ? ", " : "").append(r).append('=').append(n));
      TimingFile.Stage t = timing == null ? null : timing.stages().get(name);
      sb.append(String.format(Locale.ROOT, fmt, name, s.inCount(), s.keptCount(), s.droppedCount(), s.quarantinedCount(),
          seconds(t == null ? null : t.wallS()), seconds(t == null ? null : t.cpuS()), rate(t), reasons));
    });
    TimingFile.Stage w = timing == null ? null : timing.stages().get(Pipeline.WRITE);
    if (w != null) {
      sb.append(String.format(Locale.ROOT, fmt, Pipeline.WRITE, "", "", "", "", seconds(w.wallS()), seconds(w.cpuS()), rate(w), ""));
    }
    return sb.toString();
  }

  private static String seconds(Double s) {
    return s == null ? "-" : String.format(Locale.ROOT, "%.1f", s);
  }

  private static String rate(TimingFile.Stage t) {
    return t == null || t.mbPerS() == null ? "-" : String.format(Locale.ROOT, "%.1f", t.mbPerS());
  }
}
