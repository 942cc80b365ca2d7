package dev.kiln.core.util;

import java.util.Locale;

/** A share as a percentage that never hides a difference: 41 of 127,593 is "99.97%", not "100.0%". */
public final class Percent {
  private Percent() {}

  public static String of(long part, long whole) {
    if (whole == 0) {
      return "-";
    }
    if (part == whole || part == 0) {
      return part == whole ? "100%" : "0%";
    }
    double p = 100.0 * part / whole;
    for (int decimals = 1; decimals <= 3; decimals++) {
      String s = String.format(Locale.ROOT, "%." + decimals + "f", p);
      if (!s.startsWith("100") && !s.matches("0\\.0*")) {
        return s + "%";
      }
    }
    return p > 50 ? ">99.999%" : "<0.001%";
  }
}
