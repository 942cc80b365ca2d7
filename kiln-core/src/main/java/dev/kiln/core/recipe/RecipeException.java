package dev.kiln.core.recipe;

/** A mistake in a recipe, with the YAML line it was found on (0 when unknown). */
public final class RecipeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;

  public RecipeException(int line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
