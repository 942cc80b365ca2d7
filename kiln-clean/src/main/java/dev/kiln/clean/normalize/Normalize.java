package dev.kiln.clean.normalize;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.text.Normalizer;

/**
 * {@code normalize}: Unicode normalization (NFC by default; NFKC folds compatibility forms such as
 * full-width Latin, ligatures and the ideographic space), then one pass that
 * <ul>
 *   <li>turns CR LF, CR, NEL (U+0085), and the line and paragraph separators (U+2028, U+2029) into
 *       newlines;
 *   <li>removes control characters (C0 but tab and newline, DEL, C1), the byte order mark and
 *       zero-width no-break space (U+FEFF), zero-width space (U+200B), word joiner (U+2060), soft
 *       hyphen (U+00AD) and unpaired surrogates. Joiners (U+200C, U+200D) stay: Persian, Indic
 *       scripts and emoji need them;
 *   <li>collapses runs of spaces, tabs and other Unicode spaces inside a line to one space (a line's
 *       leading indentation is kept as is with {@code keep_indent}, so code survives), strips
 *       trailing spaces, and collapses runs of blank lines to one blank line, which keeps paragraph
 *       breaks; leading and trailing blank lines go.
 * </ul>
 * A document left empty is dropped as {@code empty} (nothing measured: the dropped document is the input). Counts {@code chars_removed} (UTF-16 units).
 */
@StageInfo(name = "normalize", description = "Unicode NFC/NFKC, control characters removed, whitespace runs collapsed with paragraph breaks kept.")
public final class Normalize implements DocumentStage {
  private static final long serialVersionUID = 1L;

  /** Unicode normalization form. */
  public enum Form { NFC, NFKC, NONE }

  public record Config(
      @Param(value = "Unicode normalization: nfc, nfkc or none", defaultValue = "nfc") Form form,
      @Param(value = "remove control and invisible characters", defaultValue = "true") boolean removeControl,
      @Param(value = "collapse whitespace runs within lines and blank-line runs to one blank line", defaultValue = "true") boolean collapseWhitespace,
      @Param(value = "keep each line's leading indentation (code) when collapsing", defaultValue = "true") boolean keepIndent)
      implements java.io.Serializable {}

  private final Config config;

  public Normalize(Config config) {
    checkArgument(config.form() != null, "form must be nfc, nfkc or none");
    this.config = config;
  }

  @Override
  public Outcome apply(Document doc) {
    String in = doc.text();
    String out = normalize(in, config);
    if (out.isEmpty() && !in.isEmpty()) {
      return Outcome.drop("empty", doc);
    }
    return Outcome.keep(doc.withText(out)).with("chars_removed", Math.max(0, in.length() - out.length()));
  }

  /** The normalized text (pure; exposed for other stages and tools). */
  public static String normalize(String text, Config config) {
    String s = text;
    if (config.form() != Form.NONE) {
      Normalizer.Form f = config.form() == Form.NFC ? Normalizer.Form.NFC : Normalizer.Form.NFKC;
      if (!Normalizer.isNormalized(s, f)) {
        s = Normalizer.normalize(s, f);
      }
    }
    if (!config.removeControl() && !config.collapseWhitespace()) {
      return s;
    }
    int n = s.length();
    boolean collapse = config.collapseWhitespace();
    // Each character gives at most one, but for U+2029, which gives two newlines (when collapsing,
    // only before a visible character).
    char[][] buffers = BUFFERS.get();
    char[] in = buffer(buffers, 0, n);
    s.getChars(0, n, in, 0);
    char[] out = buffer(buffers, 1, collapse ? n + n / 2 + 2 : 2 * n + 2);
    int len = 0;
    int newlines = 0; // newlines pending before the next visible character
    boolean lineStart = true;
    boolean space = false; // a space pending inside the line
    char[] indent = new char[16]; // the line's leading whitespace, pending
    int indentLen = 0;
    for (int i = 0; i < n; i++) {
      char c = in[i];
      // Line breaks of every kind.
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        if (c == '\r' && i + 1 < n && in[i + 1] == '\n') {
          i++;
        }
        newlines += c == '\u2029' ? 2 : 1;
        lineStart = true;
        space = false;
        indentLen = 0;
        if (!collapse) {
          out[len++] = '\n';
          if (c == '\u2029') {
            out[len++] = '\n';
          }
          newlines = 0;
        }
        continue;
      }
      if (config.removeControl() && isRemoved(in, n, i, c)) {
        continue;
      }
      if (collapse && (c == ' ' || c == '\t' || c > 0x7f && Character.isSpaceChar(c) && c != '\u200C' && c != '\u200D')) {
        if (lineStart) {
          if (config.keepIndent()) {
            if (indentLen == indent.length) {
              indent = java.util.Arrays.copyOf(indent, indentLen * 2);
            }
            indent[indentLen++] = c;
          }
        } else {
          space = true;
        }
        continue;
      }
      if (collapse) {
        if (newlines > 0) {
          if (len > 0) {
            out[len++] = '\n';
            if (newlines >= 2) {
              out[len++] = '\n';
            }
          }
          newlines = 0;
        }
        if (lineStart) {
          System.arraycopy(indent, 0, out, len, indentLen);
          len += indentLen;
          indentLen = 0;
          lineStart = false;
        } else if (space) {
          out[len++] = ' ';
        }
        space = false;
      }
      out[len++] = c;
    }
    // Most text needs no change: hand back the same string rather than a copy.
    return len == n && java.util.Arrays.equals(in, 0, n, out, 0, n) ? s : new String(out, 0, len);
  }

  // Per-thread working arrays, so normalizing allocates only the result (nothing when the text is
  // unchanged); one far bigger than needed (after a huge document) is let go.
  private static final ThreadLocal<char[][]> BUFFERS = ThreadLocal.withInitial(() -> new char[2][0]);

  private static char[] buffer(char[][] buffers, int which, int n) {
    if (buffers[which].length < n || buffers[which].length > 4 * n + (1 << 16)) {
      buffers[which] = new char[n];
    }
    return buffers[which];
  }

  private static boolean isRemoved(char[] s, int n, int i, char c) {
    if (c < 0x20) {
      return c != '\t';
    }
    if (c >= 0x7F && c <= 0x9F) {
      return true;
    }
    if (c == '\uFEFF' || c == '\u200B' || c == '\u2060' || c == '\u00AD') {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= n || !Character.isLowSurrogate(s[i + 1]);
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s[i - 1]);
    }
    return false;
  }
}
