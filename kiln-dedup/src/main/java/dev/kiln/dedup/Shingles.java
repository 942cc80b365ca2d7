package dev.kiln.dedup;

import dev.kiln.core.util.Hashing;
import java.util.Arrays;

/**
 * Text to a set of 64-bit shingle hashes, after normalization: case folded, punctuation and
 * whitespace ignored (only letters and digits are units). Space-delimited text is shingled by word
 * n-grams; CJK text (Han, kana, Hangul) by character n-grams, since it has no spaces to split on.
 * In word mode a CJK character counts as a word of its own, so mixed text still shingles sensibly.
 * A text with fewer units than n gives one shingle of all its units; a text with none, no shingle.
 */
public final class Shingles {
  private Shingles() {}

  /** How to cut a text into units. */
  public enum Mode {
    /** Characters when at least 30% of the letters are CJK, else words. */
    AUTO,
    WORDS,
    CHARS
  }

  private static final long K = 0x9E3779B97F4A7C15L;

  private static final boolean[] ASCII_UNIT = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_UNIT[c] = Character.isLetterOrDigit(c);
    }
  }

  /** {@link #isCjk} for the Basic Multilingual Plane, one bit per code point: a script lookup is a binary search. */
  private static final long[] CJK_BMP = new long[1 << 10];

  static {
    for (int cp = 0; cp < 1 << 16; cp++) {
      if (scriptIsCjk(cp)) {
        CJK_BMP[cp >>> 6] |= 1L << cp;
      }
    }
  }

  /** Whether a code point is written without spaces between words (Han, kana, Hangul). */
  public static boolean isCjk(int cp) {
    return cp < 1 << 16 ? (CJK_BMP[cp >>> 6] & (1L << cp)) != 0 : scriptIsCjk(cp);
  }

  static boolean scriptIsCjk(int cp) {
    if (cp < 0x1100) {
      return false;
    }
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
  }

  /** The mode AUTO resolves to for this text. */
  public static Mode resolve(String text, Mode mode) {
    if (mode != Mode.AUTO) {
      return mode;
    }
    int letters = 0;
    int cjk = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80 ? ASCII_UNIT[cp] : Character.isLetterOrDigit(cp)) {
        letters++;
        if (isCjk(cp)) {
          cjk++;
        }
      }
    }
    return letters > 0 && cjk * 10 >= letters * 3 ? Mode.CHARS : Mode.WORDS;
  }

  /** Sorted, distinct shingle hashes. */
  public static long[] of(String text, Mode mode, int wordN, int charN) {
    Mode m = resolve(text, mode);
    long[] units = units(text, m);
    return shingle(units, m == Mode.CHARS ? charN : wordN);
  }

  /** One 64-bit hash per unit (word or character), in text order, after normalization. */
  public static long[] units(String text, Mode mode) {
    long[] out = new long[16];
    int n = 0;
    long h = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean unit = cp < 0x80 ? ASCII_UNIT[cp] : Character.isLetterOrDigit(cp);
      if (unit && (mode == Mode.CHARS || isCjk(cp))) {
        if (inWord) {
          out = push(out, n++, Hashing.fmix(h));
          inWord = false;
        }
        out = push(out, n++, Hashing.fmix(Character.toLowerCase(cp) * K + 1));
      } else if (unit) {
        int lower = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp) : Character.toLowerCase(cp);
        h = inWord ? (h ^ lower) * K : lower * K + 7;
        inWord = true;
      } else if (inWord) {
        out = push(out, n++, Hashing.fmix(h));
        inWord = false;
      }
    }
    if (inWord) {
      out = push(out, n++, Hashing.fmix(h));
    }
    return Arrays.copyOf(out, n);
  }

  private static long[] push(long[] a, int i, long v) {
    if (i == a.length) {
      a = Arrays.copyOf(a, a.length * 2);
    }
    a[i] = v;
    return a;
  }

  /** Sorted distinct hashes of every run of {@code n} consecutive units. */
  public static long[] shingle(long[] units, int n) {
    if (units.length == 0) {
      return new long[0];
    }
    int len = Math.min(n, units.length);
    long[] out = new long[units.length - len + 1];
    for (int i = 0; i < out.length; i++) {
      long h = len;
      for (int k = 0; k < len; k++) {
        h = Long.rotateLeft(h * K, 23) ^ units[i + k];
      }
      out[i] = Hashing.fmix(h);
    }
    Arrays.sort(out);
    return distinct(out);
  }

  static long[] distinct(long[] sorted) {
    if (sorted.length == 0) {
      return sorted;
    }
    int w = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[w - 1]) {
        sorted[w++] = sorted[i];
      }
    }
    return w == sorted.length ? sorted : Arrays.copyOf(sorted, w);
  }

  /** Jaccard similarity of two sorted distinct sets (1 when both are empty). */
  public static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 1;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        common++;
        i++;
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }

}
