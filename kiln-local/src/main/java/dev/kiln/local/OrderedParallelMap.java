package dev.kiln.local;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.OrderedBatches;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.TaskReports;
import java.util.concurrent.ExecutorService;

/** A stateless function over a task's records on the engine's pool, in input order ({@link OrderedBatches}). */
final class OrderedParallelMap<T, R> implements CloseableIterator<R> {
  private final CloseableIterator<T> upstream;
  private final OrderedBatches<T, R> batches;

  OrderedParallelMap(CloseableIterator<T> upstream, RecordFunction<T, R> fn, ExecutorService pool, int threads, int batchSize, TaskReports task) {
    this.upstream = upstream;
    this.batches = new OrderedBatches<>(upstream, (in, out) -> {
      TaskReports reports = task.forBatch();
      for (T t : in) {
        fn.apply(t, out::add, reports);
      }
      return () -> task.absorb(reports);
    }, pool, threads, batchSize);
  }

  @Override
  public boolean hasNext() {
    return batches.hasNext();
  }

  @Override
  public R next() {
    return batches.next();
  }

  @Override
  public void close() {
    batches.cancel();
    upstream.close();
  }
}
