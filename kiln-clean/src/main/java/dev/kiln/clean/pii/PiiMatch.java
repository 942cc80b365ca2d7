package dev.kiln.clean.pii;

import static dev.kiln.core.util.Preconditions.checkArgument;

/** One piece of personal data: its type and where it is, as UTF-16 indices into the text ({@code [start, end)}). */
public record PiiMatch(PiiType type, int start, int end, String value) {
  public PiiMatch {
    checkArgument(start >= 0 && end > start, "bad span [" + start + ", " + end + ")");
  }

  public int length() {
    return end - start;
  }

  boolean overlaps(PiiMatch o) {
    return start < o.end && o.start < end;
  }
}
