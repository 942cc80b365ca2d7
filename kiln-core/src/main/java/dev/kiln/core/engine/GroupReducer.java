package dev.kiln.core.engine;

import java.io.Serializable;
import java.util.Iterator;

/** All values of one key, in the byte order of their encoding, to zero or more results. */
@FunctionalInterface
public interface GroupReducer<V, R> extends Serializable {
  void reduce(byte[] key, Iterator<V> values, Emitter<R> out, TaskContext context) throws Exception;
}
