package dev.kiln.core.util;

/** Rethrows a checked exception through code whose signature cannot declare it (emitters, iterators). */
public final class Unchecked {
  private Unchecked() {}

  /** Throws {@code t} as it is; declared to return so callers can write {@code throw Unchecked.rethrow(e)}. */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
