package dev.kiln.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Stateless work over batches of an upstream iterator, on a thread pool, with the results in input
 * order: how both engines run a task's flatMaps on several cores. At most twice as many batches as
 * threads are in flight, so memory is bounded. Each batch's work returns a commit step (absorbing
 * the batch's reports into the task's) that runs on the consuming thread, in batch order, so what a
 * task reports does not depend on which thread ran what. With one thread batches run inline.
 */
public final class OrderedBatches<T, R> implements Iterator<R> {
  /** Records in a batch handed to a worker thread, on every engine. */
  public static final int BATCH = 256;

  /** One batch: emit its results into {@code out}; the returned step commits what it reported. */
  @FunctionalInterface
  public interface Work<T, R> {
    Runnable run(List<T> in, List<R> out) throws Exception;
  }

  private record Batch<R>(List<R> out, Runnable commit) {}

  private final Iterator<T> upstream;
  private final Work<T, R> work;
  private final ExecutorService pool;
  private final int threads;
  private final int batchSize;
  private final ArrayDeque<Future<Batch<R>>> window = new ArrayDeque<>();
  private Iterator<R> current = Collections.emptyIterator();

  public OrderedBatches(Iterator<T> upstream, Work<T, R> work, ExecutorService pool, int threads, int batchSize) {
    this.upstream = upstream;
    this.work = work;
    this.pool = pool;
    this.threads = threads;
    this.batchSize = batchSize;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      fill();
      if (window.isEmpty()) {
        return false;
      }
      Batch<R> b = await(window.poll());
      b.commit().run();
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

  /** Stops the batches in flight (a failed or closed task leaves nothing running behind it). */
  public void cancel() {
    window.forEach(f -> f.cancel(true));
    window.clear();
  }

  private void fill() {
    while (window.size() < threads * 2 && upstream.hasNext()) {
      List<T> in = new ArrayList<>(batchSize);
      while (in.size() < batchSize && upstream.hasNext()) {
        in.add(upstream.next());
      }
      if (threads <= 1) {
        FutureTask<Batch<R>> inline = new FutureTask<>(() -> run(in));
        inline.run();
        window.add(inline);
      } else {
        window.add(pool.submit(() -> run(in)));
      }
    }
  }

  private Batch<R> run(List<T> in) throws Exception {
    List<R> out = new ArrayList<>(in.size());
    Runnable commit = work.run(in, out);
    return new Batch<>(out, commit);
  }

  private static <B> B await(Future<B> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw dev.kiln.core.util.Unchecked.rethrow(e.getCause());
    }
  }
}
