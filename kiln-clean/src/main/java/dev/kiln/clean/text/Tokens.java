package dev.kiln.clean.text;

/**
 * A document's tokens, CJK-aware: a word is a run of letters, digits and marks (an apostrophe or
 * hyphen between two word characters stays inside: "don't", "well-known"); each Han, Hiragana or
 * Katakana character is a token of its own (those scripts put no spaces between words, so a
 * whitespace split would make a whole sentence one "word"); a run of punctuation or symbols is a
 * symbol token, which counts as a word only when it stands alone between spaces (as a whitespace
 * split would see it: the comma in "a, b" belongs to "a,"; the dash in "a - b" is a word).
 *
 * <p>Rules that run one after another on the same document share one tokenization: {@link #of}
 * keeps the last result per thread and returns it again for the same String instance (strings are
 * immutable, so this is safe and invisible to callers).
 */
public final class Tokens {
  /** A word with at least one letter. */
  public static final byte ALPHA = 1;
  /** A word of digits (and underscores) only. */
  public static final byte NUMBER = 2;
  /** One CJK character. */
  public static final byte CJK = 3;
  /** A symbol run between spaces (or text ends): counts as a word. */
  public static final byte SYMBOL_WORD = 4;
  /** A symbol run attached to a word or CJK character: punctuation, not a word. */
  public static final byte PUNCT = 5;

  private final String text;
  private final int[] start;
  private final int[] end;
  private final byte[] kind;
  private final int size;
  private long[] hashes;

  private static final ThreadLocal<Tokens> LAST = new ThreadLocal<>();

  private Tokens(String text, int[] start, int[] end, byte[] kind, int size) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.kind = kind;
    this.size = size;
  }

  /** The tokens of a text (the same object again when called twice in a row on one String on one thread). */
  public static Tokens of(String text) {
    Tokens last = LAST.get();
    if (last != null && last.text == text) {
      return last;
    }
    Tokens t = tokenize(text);
    LAST.set(t);
    return t;
  }

  static Tokens tokenize(String s) {
    int n = s.length();
    int cap = Math.max(16, n / 3);
    int[] st = new int[cap];
    int[] en = new int[cap];
    byte[] kd = new byte[cap];
    int size = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      byte cls = Chars.classOf(c);
      int cpLen = 1;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        cls = Chars.classOfCodePoint(Character.toCodePoint(c, s.charAt(i + 1)));
        cpLen = 2;
      }
      if (cls == Chars.SPACE) {
        i++;
        continue;
      }
      if (size == st.length) {
        int m = st.length * 2;
        st = java.util.Arrays.copyOf(st, m);
        en = java.util.Arrays.copyOf(en, m);
        kd = java.util.Arrays.copyOf(kd, m);
      }
      int from = i;
      byte k;
      if (cls == Chars.CJK) {
        i += cpLen;
        k = CJK;
      } else if (cls == Chars.LETTER || cls == Chars.DIGIT) {
        boolean alpha = cls == Chars.LETTER;
        i += cpLen;
        while (i < n) {
          char d = s.charAt(i);
          byte dc = Chars.classOf(d);
          if (Character.isHighSurrogate(d) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            dc = Chars.classOfCodePoint(Character.toCodePoint(d, s.charAt(i + 1)));
            if (dc == Chars.LETTER || dc == Chars.DIGIT) {
              alpha |= dc == Chars.LETTER;
              i += 2;
              continue;
            }
            break;
          }
          if (dc == Chars.LETTER) {
            alpha = true;
            i++;
          } else if (dc == Chars.DIGIT) {
            i++;
          } else if ((d == '\'' || d == '\u2019' || d == '-') && i + 1 < n && isWordChar(s.charAt(i + 1))) {
            i += 2;
            alpha |= Chars.classOf(s.charAt(i - 1)) == Chars.LETTER;
          } else {
            break;
          }
        }
        k = alpha ? ALPHA : NUMBER;
      } else {
        i += cpLen;
        while (i < n) {
          char d = s.charAt(i);
          byte dc = Chars.classOf(d);
          if (Character.isHighSurrogate(d) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            dc = Chars.classOfCodePoint(Character.toCodePoint(d, s.charAt(i + 1)));
            if (dc == Chars.SYMBOL) {
              i += 2;
              continue;
            }
            break;
          }
          if (dc != Chars.SYMBOL) {
            break;
          }
          i++;
        }
        boolean spaceBefore = from == 0 || Chars.classOf(s.charAt(from - 1)) == Chars.SPACE;
        boolean spaceAfter = i == n || Chars.classOf(s.charAt(i)) == Chars.SPACE;
        k = spaceBefore && spaceAfter ? SYMBOL_WORD : PUNCT;
      }
      st[size] = from;
      en[size] = i;
      kd[size] = k;
      size++;
    }
    return new Tokens(s, st, en, kd, size);
  }

  private static boolean isWordChar(char c) {
    byte k = Chars.classOf(c);
    return k == Chars.LETTER || k == Chars.DIGIT;
  }

  public String text() {
    return text;
  }

  /** All tokens, punctuation included. */
  public int size() {
    return size;
  }

  public int start(int i) {
    return start[i];
  }

  public int end(int i) {
    return end[i];
  }

  public int length(int i) {
    return end[i] - start[i];
  }

  public byte kind(int i) {
    return kind[i];
  }

  /** Whether token i is a word (alphabetic, number, CJK character, or stand-alone symbol run). */
  public boolean isWord(int i) {
    return kind[i] != PUNCT;
  }

  /** Whether token i is a word made of letters, digits or a CJK character (no symbol-only runs). */
  public boolean isContent(int i) {
    return kind[i] <= CJK;
  }

  public String token(int i) {
    return text.substring(start[i], end[i]);
  }

  /**
   * A 64-bit hash of each token's characters (case-sensitive), computed once on first use. Equal
   * tokens have equal hashes; distinct tokens collide with probability about 2^-64 per pair.
   */
  public long[] hashes() {
    long[] h = hashes;
    if (h == null) {
      h = new long[size];
      for (int i = 0; i < size; i++) {
        h[i] = Hash64.of(text, start[i], end[i]);
      }
      hashes = h;
    }
    return h;
  }
}
