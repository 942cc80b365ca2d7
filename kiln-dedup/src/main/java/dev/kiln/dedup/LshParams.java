package dev.kiln.dedup;

/**
 * Chooses bands x rows for a Jaccard threshold: the pair minimising the weighted area under the
 * LSH S-curve P(candidate | s) = 1 - (1 - s^r)^b below the threshold (false positives) and above
 * it (false negatives), over all b x r <= num_perm. This is the choice datatrove and text-dedup make;
 * with verification of candidates a false positive costs only a check, so Kiln weighs false
 * negatives more by default.
 */
public record LshParams(int bands, int rows) {
  public static LshParams optimal(double threshold, int numPerm, double fpWeight, double fnWeight) {
    double best = Double.MAX_VALUE;
    LshParams choice = null;
    for (int b = 1; b <= numPerm; b++) {
      for (int r = 1; r * b <= numPerm; r++) {
        double fp = integrate(b, r, 0, threshold, false);
        double fn = integrate(b, r, threshold, 1, true);
        double err = fpWeight * fp + fnWeight * fn;
        if (err < best - 1e-12) {
          best = err;
          choice = new LshParams(b, r);
        }
      }
    }
    return choice;
  }

  /** Probability that a pair of similarity s shares at least one band. */
  public static double probability(double s, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(s, rows), bands);
  }

  private static double integrate(int b, int r, double lo, double hi, boolean miss) {
    int steps = 200;
    double h = (hi - lo) / steps;
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      double s = lo + (i + 0.5) * h;
      double p = probability(s, b, r);
      sum += miss ? 1 - p : p;
    }
    return sum * h;
  }
}
