package dev.kiln.bench;

import java.nio.file.Path;

/** A bench's input holds nothing to measure (no document with a text field). */
public final class EmptyInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public EmptyInputException(Path input) {
    super("no documents with a text field in " + input);
  }
}
