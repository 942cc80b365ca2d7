package dev.kiln.cli;

import dev.kiln.core.engine.Engine;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over input bytes (so the ETA is real when input sizes are known), with documents
 * per second and MB/s beside it. Polls the engine; never slows the work.
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final Thread poller;
  private final long start = System.nanoTime();
  private volatile Engine engine;
  private volatile boolean stopped;

  Progress(String task, long totalBytes) {
    this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, totalBytes >> 10))
        .setUnit(" MB", 1024).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
        .continuousUpdate().setMaxRenderedLength(110).build();
    this.poller = new Thread(this::poll, "kiln-progress");
    this.poller.setDaemon(true);
    this.poller.start();
  }

  void watch(Engine e) {
    this.engine = e;
  }

  private void poll() {
    while (!stopped) {
      update();
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void update() {
    Engine e = engine;
    if (e == null || e.bytesRead() < 0) {
      return;
    }
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    bar.stepTo(Math.min(bar.getMax(), e.bytesRead() >> 10));
    bar.setExtraMessage(String.format(java.util.Locale.ROOT, "%,.0f docs/s %.1f MB/s %s", e.recordsRead() / secs, e.bytesRead() / secs / 1e6, e.phase()));
  }

  @Override
  public void close() {
    stopped = true;
    poller.interrupt();
    update();
    bar.stepTo(bar.getMax());
    bar.close();
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
