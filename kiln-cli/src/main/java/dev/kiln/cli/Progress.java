package dev.kiln.cli;

import dev.kiln.core.engine.Engine;
import dev.kiln.core.engine.EngineStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A run's progress in the recipe's terms: the stage under way (k of n: reading, each global stage,
 * writing) and its engine step, the text read so far against an estimate of the total, documents,
 * and rates averaged over the whole run so far (so the estimate does not swing). While input is read
 * it gives a time estimate for reading; after that, only what it knows. On a terminal one line is
 * redrawn in place; otherwise (CI logs, nohup) a full line is printed every interval. Polls the
 * engine; never slows the work.
 */
final class Progress implements AutoCloseable {
  private final List<String> stages;
  private final long inputBytes;
  private final boolean terminal;
  private final long intervalMillis;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final Thread poller;
  private volatile Engine engine;
  private volatile boolean stopped;
  private int lastWidth;

  /**
   * @param stages what the run goes through, in order: {@code read}, the recipe's global stages, {@code write}
   * @param inputBytes the input files' total size as stored (compressed or not)
   */
  Progress(List<String> stages, long inputBytes, boolean terminal, Duration interval, PrintStream out) {
    this.stages = List.copyOf(stages);
    this.inputBytes = inputBytes;
    this.terminal = terminal;
    this.intervalMillis = terminal ? 500 : interval.toMillis();
    this.out = out;
    this.poller = new Thread(this::poll, "kiln-progress");
    this.poller.setDaemon(true);
    this.poller.start();
  }

  void watch(Engine e) {
    this.engine = e;
  }

  private void poll() {
    while (!stopped) {
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
      print();
    }
  }

  private synchronized void print() {
    Engine e = engine;
    if (e == null) {
      return;
    }
    String line = line(e.status(), (System.nanoTime() - start) / 1e9);
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** One progress line. */
  String line(EngineStatus s, double secs) {
    StringBuilder b = new StringBuilder("kiln ").append(clock(secs)).append(' ');
    int k = stages.indexOf(s.activity());
    b.append(s.activity().isEmpty() ? "starting" : s.activity());
    if (k >= 0) {
      b.append(" (").append(k + 1).append('/').append(stages.size()).append(')');
    }
    if (!s.step().isEmpty()) {
      // The engine's step without its number: the phase of the stage (checkpoint, shuffle, write...).
      b.append(": ").append(s.step().replaceFirst("^s\\d+-", ""));
      if (s.tasksTotal() > 0) {
        b.append(' ').append(s.tasksDone()).append('/').append(s.tasksTotal()).append(" tasks");
      }
    }
    if (s.textBytes() > 0 && s.inputBytes() > 0) {
      double fraction = Math.min(1, (double) s.inputBytes() / Math.max(1, inputBytes));
      b.append(String.format(Locale.ROOT, " | %.1f of ~%.1f MB text read, %,d records, %,.0f records/s", s.textBytes() / 1e6,
          s.textBytes() / fraction / 1e6, s.records(), s.records() / Math.max(secs, 1e-3)));
      if (fraction < 1) {
        b.append(", reading ends in ~").append(clock(secs * (1 - fraction) / fraction));
      }
    } else if (s.records() < 0) {
      b.append(" | input read on the executors");
    }
    return b.toString();
  }

  private static String clock(double secs) {
    long s = Math.round(secs);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  @Override
  public void close() {
    stopped = true;
    poller.interrupt();
    if (terminal && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      out.flush();
    }
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
