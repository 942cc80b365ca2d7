package dev.kiln.spark;

import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.RecordFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consecutive stateless functions (fused flatMaps) over a partition, in input order: inline on the
 * task's thread, or in batches on a pool of worker threads when the task may use more than one core
 * (the Dataset contract allows it for flatMap). The batches in flight are bounded, so memory is too.
 * Each function reports into the context of its own dataset; a batch fills fresh contexts, absorbed
 * in batch order, so reports stay deterministic.
 */
final class BatchMap<T, R> implements Iterator<R> {
  static final int BATCH = 256;

  private static final ConcurrentHashMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

  private record Batch<R>(List<R> out, List<SparkTaskContext> reports) {}

  private final Iterator<T> upstream;
  private final List<RecordFunction<Object, Object>> fns;
  private final List<SparkTaskContext> task;
  private final ExecutorService pool;
  private final int threads;
  private final ArrayDeque<Future<Batch<R>>> window = new ArrayDeque<>();
  private Iterator<R> current = Collections.emptyIterator();

  static <T, R> Iterator<R> of(Iterator<T> in, List<RecordFunction<Object, Object>> fns, List<SparkTaskContext> contexts, int threads) {
    return threads <= 1 ? new Inline<>(in, fns, contexts) : new BatchMap<>(in, fns, contexts, threads);
  }

  private BatchMap(Iterator<T> upstream, List<RecordFunction<Object, Object>> fns, List<SparkTaskContext> task, int threads) {
    this.upstream = upstream;
    this.fns = fns;
    this.task = task;
    this.threads = threads;
    this.pool = POOLS.computeIfAbsent(threads, n -> Executors.newFixedThreadPool(n, daemon("kiln-spark-worker")));
    org.apache.spark.TaskContext spark = org.apache.spark.TaskContext.get();
    if (spark != null) {
      // A failed or killed task leaves no batches running behind it.
      spark.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> window.forEach(f -> f.cancel(true)));
    }
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      fill();
      if (window.isEmpty()) {
        return false;
      }
      Batch<R> b = await(window.poll());
      for (int i = 0; i < task.size(); i++) {
        task.get(i).absorb(b.reports().get(i));
      }
      current = b.out().iterator();
    }
    return true;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  private void fill() {
    while (window.size() < threads * 2 && upstream.hasNext()) {
      List<T> in = new ArrayList<>(BATCH);
      while (in.size() < BATCH && upstream.hasNext()) {
        in.add(upstream.next());
      }
      window.add(pool.submit(() -> run(in)));
    }
  }

  private Batch<R> run(List<T> in) throws Exception {
    List<SparkTaskContext> reports = new ArrayList<>(task.size());
    for (SparkTaskContext c : task) {
      reports.add(c.forBatch());
    }
    List<R> out = new ArrayList<>(in.size());
    Emitter<Object> chain = chain(fns, reports, out);
    for (T t : in) {
      chain.emit(t);
    }
    return new Batch<>(out, reports);
  }

  /** An emitter that runs a record through the functions and adds what comes out to {@code out}. */
  @SuppressWarnings("unchecked")
  static <R> Emitter<Object> chain(List<RecordFunction<Object, Object>> fns, List<SparkTaskContext> contexts, List<R> out) {
    Emitter<Object> next = r -> out.add((R) r);
    for (int i = fns.size() - 1; i >= 0; i--) {
      RecordFunction<Object, Object> fn = fns.get(i);
      SparkTaskContext ctx = contexts.get(i);
      Emitter<Object> downstream = next;
      next = r -> {
        try {
          fn.apply(r, downstream, ctx);
        } catch (Exception e) {
          throw SparkDataset.<RuntimeException>sneaky(e);
        }
      };
    }
    return next;
  }

  private static <B> B await(Future<B> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw SparkDataset.<RuntimeException>sneaky(e.getCause());
    }
  }

  /** One record at a time on the task's own thread. */
  private static final class Inline<T, R> implements Iterator<R> {
    private final Iterator<T> upstream;
    private final List<R> buffer = new ArrayList<>();
    private final Emitter<Object> chain;
    private int pos;

    Inline(Iterator<T> upstream, List<RecordFunction<Object, Object>> fns, List<SparkTaskContext> contexts) {
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

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
