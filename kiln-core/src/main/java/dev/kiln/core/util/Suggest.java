package dev.kiln.core.util;

import java.util.Collection;

/** "Did you mean": the known name nearest a misspelled one, for error messages. */
public final class Suggest {
  private Suggest() {}

  /**
   * The known name closest to {@code typed} by edit distance (a transposition counts once), if it is
   * close enough to be a likely typo: at most a third of the typed length, and at most 3 edits; else null.
   */
  public static String nearest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(typed, k);
      if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.min(3, Math.max(1, typed.length() / 3)) ? best : null;
  }

  /** " (did you mean 'x'?)", or "" when no known name is close. */
  public static String didYouMean(String typed, Collection<String> known) {
    String s = nearest(typed, known);
    return s == null ? "" : " (did you mean '" + s + "'?)";
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
