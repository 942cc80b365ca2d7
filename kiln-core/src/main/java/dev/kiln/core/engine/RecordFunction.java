package dev.kiln.core.engine;

import java.io.Serializable;

/** One record to zero or more records; must not keep state between calls. */
@FunctionalInterface
public interface RecordFunction<T, R> extends Serializable {
  void apply(T record, Emitter<R> out, TaskContext context) throws Exception;
}
