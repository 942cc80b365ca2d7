package dev.kiln.spark;

import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.OrderedBatches;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.util.Threads;
import dev.kiln.core.util.Unchecked;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Consecutive stateless functions (fused flatMaps) over a partition, in input order: inline on the
 * task's thread, or in batches on a pool of worker threads ({@link OrderedBatches}) when the task
 * may use more than one core (the Dataset contract allows it for flatMap). Each function reports
 * into the context of its own dataset; a batch fills fresh contexts, absorbed in batch order.
 */
final class BatchMap {
  private static final ConcurrentHashMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

  private BatchMap() {}

  static <T, R> Iterator<R> of(Iterator<T> in, List<RecordFunction<Object, Object>> fns, List<TaskReports> contexts, int threads) {
    if (threads <= 1) {
      return new Inline<>(in, fns, contexts);
    }
    ExecutorService pool = POOLS.computeIfAbsent(threads, n -> Executors.newFixedThreadPool(n, Threads.daemon("kiln-spark-worker")));
    OrderedBatches<T, R> batches = new OrderedBatches<>(in, (batch, out) -> {
      List<TaskReports> reports = new ArrayList<>(contexts.size());
      for (TaskReports c : contexts) {
        reports.add(c.forBatch());
      }
      Emitter<Object> chain = chain(fns, reports, out);
      for (T t : batch) {
        chain.emit(t);
      }
      return () -> {
        for (int i = 0; i < contexts.size(); i++) {
          contexts.get(i).absorb(reports.get(i));
        }
      };
    }, pool, threads, OrderedBatches.BATCH);
    org.apache.spark.TaskContext spark = org.apache.spark.TaskContext.get();
    if (spark != null) {
      // A failed or killed task leaves no batches running behind it.
      spark.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> batches.cancel());
    }
    return batches;
  }

  /** An emitter that runs a record through the functions and adds what comes out to {@code out}. */
  @SuppressWarnings("unchecked")
  static <R> Emitter<Object> chain(List<RecordFunction<Object, Object>> fns, List<TaskReports> contexts, List<R> out) {
    Emitter<Object> next = r -> out.add((R) r);
    for (int i = fns.size() - 1; i >= 0; i--) {
      RecordFunction<Object, Object> fn = fns.get(i);
      TaskReports ctx = contexts.get(i);
      Emitter<Object> downstream = next;
      next = r -> {
        try {
          fn.apply(r, downstream, ctx);
        } catch (Exception e) {
          throw Unchecked.rethrow(e);
        }
      };
    }
    return next;
  }

  /** One record at a time on the task's own thread. */
  private static final class Inline<T, R> implements Iterator<R> {
    private final Iterator<T> upstream;
    private final List<R> buffer = new ArrayList<>();
    private final Emitter<Object> chain;
    private int pos;

    Inline(Iterator<T> upstream, List<RecordFunction<Object, Object>> fns, List<TaskReports> contexts) {
      this.upstream = upstream;
      this.chain = chain(fns, contexts, buffer);
    }

    @Override
    public boolean hasNext() {
      while (pos == buffer.size() && upstream.hasNext()) {
        buffer.clear();
        pos = 0;
        chain.emit(upstream.next());
      }
      return pos < buffer.size();
    }

    @Override
    public R next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.get(pos++);
    }
  }
}
