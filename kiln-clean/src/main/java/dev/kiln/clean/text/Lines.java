package dev.kiln.clean.text;

/**
 * A text's lines (split on {@code \n}; a {@code \r} before it is not part of the line), as offsets
 * into the text, so no substrings are made. Shared between rules like {@link Tokens#of}.
 */
public final class Lines {
  private final String text;
  private final int[] start;
  private final int[] end;
  private final int size;
  private long[] hashes;

  private static final ThreadLocal<Lines> LAST = new ThreadLocal<>();

  private Lines(String text, int[] start, int[] end, int size) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.size = size;
  }

  /** The lines of a text; an empty text has one empty line, like {@code "".split("\n")}. */
  public static Lines of(String text) {
    Lines last = LAST.get();
    if (last != null && last.text == text) {
      return last;
    }
    int n = text.length();
    int[] st = new int[16];
    int[] en = new int[16];
    int size = 0;
    int from = 0;
    while (true) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? n : nl;
      int e = to > from && text.charAt(to - 1) == '\r' ? to - 1 : to;
      if (size == st.length) {
        st = java.util.Arrays.copyOf(st, size * 2);
        en = java.util.Arrays.copyOf(en, size * 2);
      }
      st[size] = from;
      en[size] = e;
      size++;
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    Lines l = new Lines(text, st, en, size);
    LAST.set(l);
    return l;
  }

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

  /** Whether line i holds only whitespace. */
  public boolean isBlank(int i) {
    return Chars.firstNonSpace(text, start[i], end[i]) == end[i];
  }

  public String line(int i) {
    return text.substring(start[i], end[i]);
  }

  /** A 64-bit hash of line i's characters (computed for all lines on first use, then kept). */
  public long hash(int i) {
    long[] h = hashes;
    if (h == null) {
      h = new long[size];
      for (int k = 0; k < size; k++) {
        h[k] = Hash64.of(text, start[k], end[k]);
      }
      hashes = h;
    }
    return h[i];
  }
}
