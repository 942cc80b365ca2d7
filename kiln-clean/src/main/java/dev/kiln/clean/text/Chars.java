package dev.kiln.clean.text;

/**
 * Character classes shared by the quality rules, from one 64K-entry table (no per-character
 * {@code Character.getType} calls on the hot path). CJK here means the scripts written without
 * spaces between words: Han ideographs, Hiragana, Katakana. Hangul is not CJK for these rules:
 * Korean separates words with spaces, so it tokenizes like Latin text.
 */
public final class Chars {
  private Chars() {}

  /** Whitespace (Unicode white space, plus the BOM and zero-width space). */
  public static final byte SPACE = 0;
  /** A letter or mark of a space-separated script (Latin, Cyrillic, Greek, Hangul, ...). */
  public static final byte LETTER = 1;
  /** A decimal digit (any script) or the underscore: part of a word, not alphabetic. */
  public static final byte DIGIT = 2;
  /** A Han ideograph, Hiragana or Katakana: one token per character. */
  public static final byte CJK = 3;
  /** Punctuation, symbols, controls and everything else. */
  public static final byte SYMBOL = 4;

  private static final byte[] CLASS = new byte[65536];
  private static final byte F_HAN = 1;
  private static final byte F_ASCII_LETTER = 2;
  private static final byte F_TERMINAL = 4;
  private static final byte F_CLOSER = 8;
  private static final byte F_WIDE = 16;
  private static final byte[] FLAGS = new byte[65536];

  static {
    for (int c = 0; c < 65536; c++) {
      CLASS[c] = classify(c);
      byte f = 0;
      if (isHanCodePoint(c)) {
        f |= F_HAN;
      }
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        f |= F_ASCII_LETTER;
      }
      if (isWideCodePoint(c)) {
        f |= F_WIDE;
      }
      FLAGS[c] = f;
    }
    // Sentence-final punctuation, Latin and CJK (full-width forms included).
    for (char c : ".!?\u3002\uFF01\uFF1F\uFF0E\uFF61".toCharArray()) {
      FLAGS[c] |= F_TERMINAL;
    }
    // Closing quotes and brackets that may follow sentence-final punctuation.
    for (char c : "\"'\u201D\u2019\u300D\u300F\u300B\u3009\uFF09)\u00BB\u203A".toCharArray()) {
      FLAGS[c] |= F_CLOSER;
    }
  }

  private static byte classify(int c) {
    if (c == '_') {
      return DIGIT;
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0xFEFF || c == 0x200B || c == 0x85) {
      return SPACE;
    }
    if (isHanCodePoint(c) || isKanaCodePoint(c)) {
      return CJK;
    }
    if (Character.isDigit(c)) {
      return DIGIT;
    }
    int t = Character.getType(c);
    if (Character.isLetter(c) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK) {
      return LETTER;
    }
    return SYMBOL;
  }

  /** The class of a UTF-16 unit; surrogates are SYMBOL here, use {@link #classOfCodePoint}. */
  public static byte classOf(char c) {
    return CLASS[c];
  }

  /** The class of any code point (supplementary Han, e.g. Extension B, is CJK). */
  public static byte classOfCodePoint(int cp) {
    if (cp < 65536) {
      return CLASS[cp];
    }
    if (isHanCodePoint(cp)) {
      return CJK;
    }
    if (Character.isDigit(cp)) {
      return DIGIT;
    }
    return Character.isLetter(cp) ? LETTER : (Character.isWhitespace(cp) ? SPACE : SYMBOL);
  }

  public static boolean isHan(char c) {
    return (FLAGS[c] & F_HAN) != 0;
  }

  public static boolean isAsciiLetter(char c) {
    return (FLAGS[c] & F_ASCII_LETTER) != 0;
  }

  /** Sentence-final punctuation: . ! ? and the CJK full stop, full-width ! ? and dots. */
  public static boolean isTerminal(char c) {
    return (FLAGS[c] & F_TERMINAL) != 0;
  }

  /** A closing quote or bracket, which may stand after sentence-final punctuation. */
  public static boolean isCloser(char c) {
    return (FLAGS[c] & F_CLOSER) != 0;
  }

  /** East Asian wide or full-width: takes two columns on a terminal. */
  public static boolean isWide(char c) {
    return (FLAGS[c] & F_WIDE) != 0;
  }

  public static boolean isHanCodePoint(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x20000 && cp <= 0x3134F) || cp == 0x3007;
  }

  public static boolean isKanaCodePoint(int cp) {
    return (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9D);
  }

  private static boolean isWideCodePoint(int c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
        || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6);
  }

  /** A text's last non-whitespace index before {@code end}, or {@code start - 1} if none. */
  public static int lastNonSpace(CharSequence s, int start, int end) {
    int i = end - 1;
    while (i >= start && CLASS[s.charAt(i)] == SPACE) {
      i--;
    }
    return i;
  }

  /** A text's first non-whitespace index at or after {@code start}, or {@code end} if none. */
  public static int firstNonSpace(CharSequence s, int start, int end) {
    int i = start;
    while (i < end && CLASS[s.charAt(i)] == SPACE) {
      i++;
    }
    return i;
  }
}
