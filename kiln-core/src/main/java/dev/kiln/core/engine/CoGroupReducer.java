package dev.kiln.core.engine;

import java.io.Serializable;
import java.util.Iterator;

/**
 * All values of one key from two keyed datasets to zero or more results. Each side's values come in
 * the byte order of their encoding, streamed: {@code left} first, so read all of it before
 * {@code right} (asking {@code right} while a value of {@code left} is unread is an error).
 */
@FunctionalInterface
public interface CoGroupReducer<A, B, R> extends Serializable {
  void reduce(byte[] key, Iterator<A> left, Iterator<B> right, Emitter<R> out, TaskContext context) throws Exception;
}
