package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions against figures published elsewhere, with the tolerance stated at each use. */
final class Published {

  private Published() {}

  /** |actual - published| <= tolerance × published. */
  static void within(double published, double actual, double tolerance, String what) {
    double error = Math.abs(actual - published) / published;
    assertTrue(
        error <= tolerance,
        String.format(
            "%s: computed %.6g, published %.6g, off by %.3f%% (allowed %.3f%%)",
            what, actual, published, 100 * error, 100 * tolerance));
  }

  /** A figure published rounded to {@code step} (0.49B with step 0.01B) must round to it. */
  static void roundsTo(double published, double step, double actual, String what) {
    assertTrue(
        actual >= published - step / 2 && actual < published + step / 2,
        String.format("%s: computed %.6g does not round to the published %.6g", what, actual, published));
  }
}
