package dev.kiln.core.engine;

import java.io.Serializable;
import java.util.Iterator;

/** A whole partition, in order, to an iterator of results (pulled lazily). */
@FunctionalInterface
public interface PartitionFunction<T, R> extends Serializable {
  Iterator<R> apply(int partition, Iterator<T> records, TaskContext context) throws Exception;
}
