package dev.kiln.dedup;

import dev.kiln.core.util.Hashing;
import java.util.Arrays;

/**
 * The units dedup stages remove from inside a document: lines, paragraphs (runs of lines between
 * blank lines) or tokens (words; each CJK character is one). A unit is addressed by its index; cuts
 * are sorted, non-overlapping [from, to) index ranges.
 */
public enum Units {
  LINES,
  PARAGRAPHS,
  TOKENS;

  /**
   * Char offsets of the units: for lines and paragraphs unit i is [b[i], b[i+1]) including its
   * trailing line break(s); for tokens unit i is [b[2i], b[2i+1]) (the word itself).
   */
  public int[] bounds(String text) {
    return switch (this) {
      case LINES -> lines(text);
      case PARAGRAPHS -> paragraphs(text);
      case TOKENS -> tokens(text);
    };
  }

  public int count(int[] bounds) {
    return this == TOKENS ? bounds.length / 2 : bounds.length - 1;
  }

  /** The text of unit i. */
  public String unit(String text, int[] bounds, int i) {
    return this == TOKENS ? text.substring(bounds[2 * i], bounds[2 * i + 1]) : text.substring(bounds[i], bounds[i + 1]);
  }

  /** The text with the given unit ranges removed. */
  public String cut(String text, int[] bounds, int[] ranges) {
    StringBuilder sb = new StringBuilder(text.length());
    int at = 0;
    for (int r = 0; r < ranges.length; r += 2) {
      int from;
      int to;
      if (this == TOKENS) {
        from = bounds[2 * ranges[r]];
        to = bounds[2 * (ranges[r + 1] - 1) + 1];
      } else {
        from = bounds[ranges[r]];
        to = bounds[ranges[r + 1]];
      }
      if (from > at) {
        sb.append(text, at, from);
      }
      at = Math.max(at, to);
    }
    sb.append(text, Math.min(at, text.length()), text.length());
    return sb.toString();
  }

  private static int[] lines(String text) {
    int[] b = new int[16];
    int n = 0;
    b[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n' && i + 1 < text.length()) {
        b = grow(b, n);
        b[n++] = i + 1;
      }
    }
    b = grow(b, n);
    b[n++] = text.length();
    return text.isEmpty() ? new int[] {0} : Arrays.copyOf(b, n);
  }

  private static int[] paragraphs(String text) {
    int[] lines = lines(text);
    int[] b = new int[16];
    int n = 0;
    boolean prevBlank = true;
    for (int i = 0; i + 1 < lines.length; i++) {
      boolean blank = text.substring(lines[i], lines[i + 1]).isBlank();
      if (!blank && (prevBlank || n == 0)) {
        b = grow(b, n);
        b[n++] = n == 0 ? 0 : lines[i];
      }
      prevBlank = blank;
    }
    if (n == 0 && !text.isEmpty()) {
      b[n++] = 0;
    }
    b = grow(b, n);
    b[n++] = text.length();
    return text.isEmpty() ? new int[] {0} : Arrays.copyOf(b, n);
  }

  private static int[] tokens(String text) {
    int[] b = new int[32];
    int n = 0;
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      boolean unit = Character.isLetterOrDigit(cp);
      if (unit && Shingles.isCjk(cp)) {
        if (start >= 0) {
          b = grow(b, n + 1);
          b[n++] = start;
          b[n++] = i;
          start = -1;
        }
        b = grow(b, n + 1);
        b[n++] = i;
        b[n++] = i + len;
      } else if (unit) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        b = grow(b, n + 1);
        b[n++] = start;
        b[n++] = i;
        start = -1;
      }
      i += len;
    }
    if (start >= 0) {
      b = grow(b, n + 1);
      b[n++] = start;
      b[n++] = text.length();
    }
    return Arrays.copyOf(b, n);
  }

  private static int[] grow(int[] a, int n) {
    return n + 1 < a.length ? a : Arrays.copyOf(a, a.length * 2 + 2);
  }

  /** Case-folded token text hashed to 32 bits, for the suffix array's alphabet. */
  public static int tokenHash(String text, int from, int to) {
    long h = 0x51ED27L;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      h = (h ^ Character.toLowerCase(c)) * 0x9E3779B97F4A7C15L;
    }
    return (int) (Hashing.fmix(h) >>> 32);
  }
}
