package dev.kiln.core.engine;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Consumes one partition (e.g. writes a shard). Engines skip a partition whose sink reports it
 * done, which is how a killed run resumes from finished shards.
 */
public interface PartitionSink<T> extends Serializable {
  void write(int partition, Iterator<T> records, TaskContext context) throws Exception;

  /** True when a previous run already wrote this partition completely. */
  default boolean done(int partition) {
    return false;
  }
}
