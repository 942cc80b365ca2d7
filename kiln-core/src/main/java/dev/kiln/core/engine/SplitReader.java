package dev.kiln.core.engine;

import java.io.Serializable;

/** Opens one split as a stream of records; reports unreadable records through the context. */
@FunctionalInterface
public interface SplitReader<T> extends Serializable {
  CloseableIterator<T> open(Split split, TaskContext context) throws Exception;
}
