package dev.kiln.bench;

/** Wall-clock (and single-thread CPU) timing and rounding shared by the {@code bench} commands. */
public final class Timing {
  private Timing() {}

  /** A measured piece of work. */
  public interface Work {
    Object run() throws Exception;
  }

  /** Seconds {@code w} takes. */
  public static double time(Work w) throws Exception {
    long start = System.nanoTime();
    w.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Wall and CPU seconds of {@code w}, which runs on the calling thread only. CPU time is the
   * steadier figure when other work shares the machine (it leaves out time spent waiting for a core).
   */
  public static double[] wallAndCpu(Work w) throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    w.run();
    return new double[] {(System.nanoTime() - start) / 1e9, (mx.getCurrentThreadCpuTime() - cpu) / 1e9};
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** Two decimals, for printed figures. */
  public static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
