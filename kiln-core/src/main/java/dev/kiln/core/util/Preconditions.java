package dev.kiln.core.util;

/**
 * Argument checks, as Guava's: {@code checkArgument(minChars >= 0, "min_chars must be >= 0, got " +
 * minChars)} instead of an if and a throw. For configurations and API entry points; a per-record hot
 * path keeps its own if, so the message is not built when the check passes.
 */
public final class Preconditions {
  private Preconditions() {}

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
  public static void checkArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
