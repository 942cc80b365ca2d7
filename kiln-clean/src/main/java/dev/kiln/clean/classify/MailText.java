package dev.kiln.clean.classify;

import java.util.regex.Pattern;

/**
 * The body of an RFC 822 mail: a text that starts with a header block (an mbox {@code From } line
 * or {@code Name: value} lines, with folded continuation lines) loses everything up to the first
 * blank line. Any other text comes back unchanged, so a model trained on mail bodies can score
 * ordinary documents too.
 */
public final class MailText {
  private MailText() {}

  private static final Pattern HEADER = Pattern.compile("[A-Za-z][A-Za-z0-9-]*:[ \\t].*|[A-Za-z][A-Za-z0-9-]*:");
  /** Lines of the block that must look like headers before it is taken for one. */
  private static final int MIN_HEADERS = 2;

  public static String body(String text) {
    int pos = 0;
    int headers = 0;
    int n = text.length();
    while (pos < n) {
      int eol = text.indexOf('\n', pos);
      int end = eol < 0 ? n : eol;
      String line = text.substring(pos, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        return headers >= MIN_HEADERS ? text.substring(Math.min(n, end + 1)) : text;
      }
      boolean continuation = headers > 0 && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
      boolean mbox = pos == 0 && line.startsWith("From ");
      if (continuation || mbox) {
        // part of the block, not counted as a header of its own
      } else if (HEADER.matcher(line).matches()) {
        headers++;
      } else {
        return text;
      }
      if (eol < 0) {
        break;
      }
      pos = eol + 1;
    }
    // Headers only, no body.
    return headers >= MIN_HEADERS ? "" : text;
  }
}
