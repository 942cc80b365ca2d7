package dev.kiln.core.engine;

import java.util.List;

/**
 * A partitioned, lazily evaluated collection, the one API global stages are written against (in
 * the spirit of Spark's Dataset). Partitions are ordered, and every operation keeps a defined order,
 * so results do not depend on the number of threads or executors.
 *
 * <p>Records cross engine boundaries (spills, shuffles, executors) through their {@link Codec}.
 */
public interface Dataset<T> {
  int numPartitions();

  /**
   * Narrow and stateless: each record independently to zero or more records. Engines may run it
   * on many threads within a partition; output order follows input order.
   */
  <R> Dataset<R> flatMap(RecordFunction<T, R> fn, Codec<R> codec);

  /** Narrow and sequential: a partition's records in order, with the partition index. */
  <R> Dataset<R> mapPartitions(PartitionFunction<T, R> fn, Codec<R> codec);

  /**
   * Keyed records for {@link KeyedDataset#groupByKey} and {@link KeyedDataset#cogroup}: each record
   * to zero or more {@link KV}s, stateless like {@link #flatMap}.
   */
  default <V> KeyedDataset<V> keyBy(RecordFunction<T, KV<V>> fn, Codec<V> valueCodec) {
    return KeyedDataset.of(flatMap(fn, KV.codec(valueCodec)));
  }

  /**
   * The engine's shuffle, which {@link KeyedDataset} is written on (stages use that): this
   * dataset's {@link KV} records grouped by key into {@code partitioner.numPartitions()} partitions.
   * Within a partition keys come in unsigned byte order; within a key, values in the byte order of
   * their encoding. Spills to disk as needed.
   */
  <V, R> Dataset<R> shuffle(Partitioner partitioner, Codec<V> valueCodec, GroupReducer<V, R> reducer, Codec<R> codec);

  /** This dataset's partitions followed by the other's. */
  Dataset<T> union(Dataset<T> other);

  /**
   * Computes this dataset once and keeps it on durable storage, so it can be read more than once
   * without recomputing (or recounting) its records. Also a resume point.
   */
  Dataset<T> checkpoint();

  /** All records, in order; only for small results. */
  List<T> collect();

  /** Terminal: hands each partition's records to the sink, once per partition. */
  void foreachPartition(PartitionSink<T> sink);

  Codec<T> codec();
}
