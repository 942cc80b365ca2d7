package dev.kiln.core.engine;

/** Receives the records a function produces. */
@FunctionalInterface
public interface Emitter<T> {
  void emit(T record);
}
