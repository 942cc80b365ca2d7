package dev.kiln.cli;

/** Wall-clock timing and rounding shared by the {@code bench} commands. */
final class Timing {
  private Timing() {}

  /** A measured piece of work. */
  interface Work {
    Object run() throws Exception;
  }

  /** Seconds {@code w} takes. */
  static double time(Work w) throws Exception {
    long start = System.nanoTime();
    w.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** Two decimals, for printed figures. */
  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
