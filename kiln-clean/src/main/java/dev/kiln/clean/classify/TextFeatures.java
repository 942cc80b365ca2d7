package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Turns text into hashed feature ids, fastText style, with no vocabulary: every feature is hashed
 * into one of {@code buckets} rows.
 *
 * <p>Tokens: runs of letters, digits, marks and underscores (lower-cased) are words; each Han,
 * Hiragana or Katakana character is a token of its own (CJK text has no spaces, so its "words" are
 * characters and its word bigrams are character bigrams); each other non-space character
 * (punctuation, operators, symbols) is a token of its own; a line break is a token (at most two
 * in a row), so line structure (poetry, code, mail) is visible.
 *
 * <p>Features of a document: every token; every run of 2..{@code wordNgrams} consecutive tokens;
 * and for each word of two or more characters its character n-grams of {@code minn..maxn} code
 * points over {@code <word>} (with boundary marks). Only the first {@code maxChars} characters are
 * read (0 = all), so cost per document is bounded.
 *
 * <p>Hashes are 64-bit FNV-1a over code points, finalized with a 64-bit mixer, each feature kind
 * salted differently; the same text gives the same ids on every JVM.
 */
public final class TextFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long SALT_WORD = 0x9e3779b97f4a7c15L;
  private static final long SALT_NGRAM = 0xc2b2ae3d27d4eb4fL;
  private static final long SALT_SUBWORD = 0x165667b19e3779f9L;
  private static final int NEWLINE = '\n';

  private final int buckets;
  private final int wordNgrams;
  private final int minn;
  private final int maxn;
  private final int maxChars;
  private final long mask; // buckets - 1 when buckets is a power of two, else -1

  public TextFeatures(int buckets, int wordNgrams, int minn, int maxn, int maxChars) {
    checkArgument(buckets >= 1, "buckets must be positive, got " + buckets);
    checkArgument(wordNgrams >= 1 && wordNgrams <= 5, "word n-grams must be in 1..5, got " + wordNgrams);
    checkArgument(!(minn < 0 || maxn < 0 || (maxn > 0 && (minn < 1 || minn > maxn)) || maxn > 8), "character n-grams need 1 <= minn <= maxn <= 8 (or maxn = 0 for none), got " + minn + ".." + maxn);
    checkArgument(maxChars >= 0, "max chars must be >= 0, got " + maxChars);
    this.buckets = buckets;
    this.wordNgrams = wordNgrams;
    this.minn = minn;
    this.maxn = maxn;
    this.maxChars = maxChars;
    this.mask = Integer.bitCount(buckets) == 1 ? buckets - 1 : -1;
  }

  public int buckets() {
    return buckets;
  }

  public int wordNgrams() {
    return wordNgrams;
  }

  public int minn() {
    return minn;
  }

  public int maxn() {
    return maxn;
  }

  public int maxChars() {
    return maxChars;
  }

  /** The feature ids of a text, in [0, buckets), duplicates kept (a feature seen twice counts twice). */
  public int[] features(String text) {
    Sink sink = new Sink();
    extract(text, sink);
    return sink.toArray();
  }

  /** The feature ids of a text into a reused sink (emptied first): scoring allocates nothing per document. */
  void features(String text, Sink sink) {
    sink.size = 0;
    extract(text, sink);
  }

  /** The tokens the features are built on (for tests and debugging). */
  public java.util.List<String> tokens(String text) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int end = limit(text);
    int[] word = new int[64];
    int wlen = 0;
    int newlines = 0;
    for (int i = 0; i < end; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int kind = kind(cp);
      if (kind == WORD) {
        if (wlen == word.length) {
          word = Arrays.copyOf(word, wlen * 2);
        }
        word[wlen++] = Character.toLowerCase(cp);
        continue;
      }
      if (wlen > 0) {
        out.add(new String(word, 0, wlen));
        wlen = 0;
        newlines = 0;
      }
      if (kind == SPACE) {
        continue;
      }
      if (kind == BREAK) {
        if (newlines++ < 2) {
          out.add("\n");
        }
        continue;
      }
      newlines = 0;
      out.add(new String(Character.toChars(kind == CJK ? cp : Character.toLowerCase(cp))));
    }
    if (wlen > 0) {
      out.add(new String(word, 0, wlen));
    }
    return out;
  }

  private static final int WORD = 0;
  private static final int CJK = 1;
  private static final int SYMBOL = 2;
  private static final int SPACE = 3;
  private static final int BREAK = 4;

  static int kind(int cp) {
    if (cp == NEWLINE) {
      return BREAK;
    }
    if (cp < 0x80) {
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_') {
        return WORD;
      }
      return cp <= ' ' || cp == 0x7f ? SPACE : SYMBOL;
    }
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return SPACE;
    }
    if (Character.isIdeographic(cp)) {
      return CJK;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
      return CJK;
    }
    int type = Character.getType(cp);
    if (Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK || type == Character.LETTER_NUMBER) {
      return WORD;
    }
    if (type == Character.CONTROL || type == Character.FORMAT) {
      return SPACE;
    }
    return SYMBOL;
  }

  private int limit(String text) {
    if (maxChars == 0 || text.length() <= maxChars) {
      return text.length();
    }
    int end = maxChars;
    // Never cut a surrogate pair in half.
    return Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
  }

  /** Walks the tokens and emits feature ids. */
  private void extract(String text, Sink sink) {
    int end = limit(text);
    long[] recent = new long[wordNgrams]; // hashes of the last tokens, ring buffer
    int seen = 0;
    int[] word = new int[66];
    int wlen = 0;
    int newlines = 0;
    for (int i = 0; i <= end; ) {
      int cp;
      int kind;
      if (i == end) {
        cp = -1;
        kind = SPACE;
        i++;
      } else {
        cp = text.codePointAt(i);
        i += Character.charCount(cp);
        kind = kind(cp);
      }
      if (kind == WORD) {
        if (wlen + 2 >= word.length) {
          word = Arrays.copyOf(word, word.length * 2);
        }
        word[++wlen] = Character.toLowerCase(cp); // word[0] is kept for the '<' mark
        continue;
      }
      if (wlen > 0) {
        long h = hash(word, 1, wlen, SALT_WORD);
        seen = token(h, recent, seen, sink);
        if (maxn > 0 && wlen > 1) {
          subwords(word, wlen, sink);
        }
        wlen = 0;
        newlines = 0;
      }
      if (kind == SPACE) {
        continue;
      }
      if (kind == BREAK) {
        if (newlines++ >= 2) {
          continue;
        }
      } else {
        newlines = 0;
      }
      int c = kind == SYMBOL ? Character.toLowerCase(cp) : cp;
      word[1] = c;
      seen = token(hash(word, 1, 1, SALT_WORD), recent, seen, sink);
    }
  }

  private int token(long h, long[] recent, int seen, Sink sink) {
    sink.add(bucket(h));
    int n = recent.length;
    recent[seen % n] = h;
    seen++;
    long g = h;
    for (int k = 2; k <= n && k <= seen; k++) {
      long prev = recent[(seen - k) % n];
      g = g * 116049371L + prev * 0x2545f4914f6cdd1dL + SALT_NGRAM;
      sink.add(bucket(g));
    }
    return seen;
  }

  /** Character n-grams of {@code <word>}; word[1..wlen] holds the word, word[0] and word[wlen+1] get the marks. */
  private void subwords(int[] word, int wlen, Sink sink) {
    word[0] = '<';
    word[wlen + 1] = '>';
    int len = wlen + 2;
    for (int start = 0; start < len; start++) {
      long h = FNV_OFFSET ^ SALT_SUBWORD;
      for (int n = 1; n <= maxn && start + n <= len; n++) {
        h = (h ^ word[start + n - 1]) * FNV_PRIME;
        if (n >= minn && n < len) {
          sink.add(bucket(h));
        }
      }
    }
  }

  private static long hash(int[] cps, int from, int len, long salt) {
    long h = FNV_OFFSET ^ salt;
    for (int i = from; i < from + len; i++) {
      h = (h ^ cps[i]) * FNV_PRIME;
    }
    return h;
  }

  private int bucket(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    // A power-of-two count (the default) takes a mask: the same result without a 64-bit division.
    return mask >= 0 ? (int) ((h >>> 1) & mask) : (int) ((h >>> 1) % buckets);
  }

  /** A growable int array. */
  static final class Sink {
    int[] ids = new int[256];
    int size;

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }

    int[] toArray() {
      return Arrays.copyOf(ids, size);
    }
  }
}
