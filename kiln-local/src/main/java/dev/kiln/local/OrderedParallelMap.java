package dev.kiln.local;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.RecordFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Applies a stateless function to batches of an upstream iterator on a thread pool and yields the
 * results in input order. The number of batches in flight is bounded, so memory is too.
 */
final class OrderedParallelMap<T, R> implements CloseableIterator<R> {
  private record Batch<R>(List<R> out, LocalTaskContext reports) {}

  private final CloseableIterator<T> upstream;
  private final RecordFunction<T, R> fn;
  private final ExecutorService pool;
  private final int threads;
  private final int batchSize;
  private final LocalTaskContext task;
  private final ArrayDeque<Future<Batch<R>>> window = new ArrayDeque<>();
  private Iterator<R> current = Collections.emptyIterator();

  OrderedParallelMap(CloseableIterator<T> upstream, RecordFunction<T, R> fn, ExecutorService pool, int threads, int batchSize, LocalTaskContext task) {
    this.upstream = upstream;
    this.fn = fn;
    this.pool = pool;
    this.threads = threads;
    this.batchSize = batchSize;
    this.task = task;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      fill();
      if (window.isEmpty()) {
        return false;
      }
      Batch<R> b = await(window.poll());
      task.absorb(b.reports());
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
    int maxInFlight = threads * 2;
    while (window.size() < maxInFlight && upstream.hasNext()) {
      List<T> in = new ArrayList<>(batchSize);
      while (in.size() < batchSize && upstream.hasNext()) {
        in.add(upstream.next());
      }
      if (threads == 1) {
        java.util.concurrent.FutureTask<Batch<R>> inline = new java.util.concurrent.FutureTask<>(() -> run(in));
        inline.run();
        window.add(inline);
      } else {
        window.add(pool.submit(() -> run(in)));
      }
    }
  }

  private Batch<R> run(List<T> in) throws Exception {
    LocalTaskContext reports = task.forBatch();
    List<R> out = new ArrayList<>(in.size());
    for (T t : in) {
      fn.apply(t, out::add, reports);
    }
    return new Batch<>(out, reports);
  }

  private static <B> B await(Future<B> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c.getMessage(), c);
    }
  }

  @Override
  public void close() {
    window.forEach(f -> f.cancel(true));
    window.clear();
    upstream.close();
  }
}
