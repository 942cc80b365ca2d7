package dev.kiln.local;

import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.GroupIterator;
import dev.kiln.core.engine.GroupReducer;
import dev.kiln.core.engine.OrderedBatches;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.PartitionFunction;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import dev.kiln.core.util.Unchecked;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A lazily computed dataset: each partition is computed on demand, inside the task that
 * materializes it, by pulling records through the chain of operations.
 */
abstract class LocalDataset<T> implements Dataset<T> {
  final LocalEngine engine;
  final Codec<T> codec;

  LocalDataset(LocalEngine engine, Codec<T> codec) {
    this.engine = engine;
    this.codec = codec;
  }

  abstract CloseableIterator<T> compute(int partition, TaskReports context) throws Exception;

  @Override
  public Codec<T> codec() {
    return codec;
  }

  @Override
  public <R> Dataset<R> flatMap(RecordFunction<T, R> fn, Codec<R> codec) {
    return new FlatMapped<>(this, fn, codec);
  }

  @Override
  public <R> Dataset<R> mapPartitions(PartitionFunction<T, R> fn, Codec<R> codec) {
    return new PartitionMapped<>(this, fn, codec);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V, R> Dataset<R> shuffle(Partitioner partitioner, Codec<V> valueCodec, GroupReducer<V, R> reducer, Codec<R> codec) {
    String step = engine.newStep("shuffle");
    Path dir = engine.stepDir(step);
    List<Map<String, Long>> facts = engine.runTasks(step, numPartitions(), (p, ctx) -> {
      ShuffleWriter w = new ShuffleWriter(partitioner, dir, "m" + p, engine.taskMemory());
      try (CloseableIterator<T> it = compute(p, ctx)) {
        while (it.hasNext()) {
          KV<V> kv = (KV<V>) it.next();
          w.add(kv.key(), Codecs.encode(valueCodec, kv.value()));
        }
      }
      return Map.of("spills", (long) w.finish());
    });
    long[][][] index = new long[facts.size()][][];
    try {
      for (int m = 0; m < index.length; m++) {
        index[m] = ShuffleWriter.index(dir, "m" + m, facts.get(m).get("spills").intValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Shuffled<>(engine, dir, index, partitioner.numPartitions(), valueCodec, reducer, codec);
  }

  @Override
  public Dataset<T> union(Dataset<T> other) {
    return new Union<>(this, (LocalDataset<T>) other);
  }

  @Override
  public Dataset<T> checkpoint() {
    return materialize("checkpoint");
  }

  private Materialized<T> materialize(String kind) {
    String step = engine.newStep(kind);
    Path dir = engine.stepDir(step);
    engine.runTasks(step, numPartitions(), (p, ctx) -> {
      Path file = dir.resolve(String.format("p-%05d.bin", p));
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      long n = 0;
      try (CloseableIterator<T> it = compute(p, ctx);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
        while (it.hasNext()) {
          codec.write(it.next(), out);
          n++;
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      return Map.of("records", n);
    });
    return new Materialized<>(engine, dir, numPartitions(), codec);
  }

  @Override
  public List<T> collect() {
    // Kept on disk like a checkpoint, so a resumed run that finds this step committed reads the
    // records back (global stages decide on small collected results, e.g. iteration counts).
    Materialized<T> stored = materialize("collect");
    List<T> all = new ArrayList<>();
    for (int p = 0; p < stored.numPartitions(); p++) {
      try (CloseableIterator<T> it = stored.compute(p, null)) {
        it.forEachRemaining(all::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  @Override
  public void foreachPartition(PartitionSink<T> sink) {
    String step = engine.newStep("write");
    engine.runTasks(step, numPartitions(), (p, ctx) -> {
      try (CloseableIterator<T> it = compute(p, ctx)) {
        sink.write(p, it, ctx);
      }
      return Map.of();
    });
  }

  static final class Source<T> extends LocalDataset<T> {
    private final List<? extends Split> splits;
    private final SplitReader<T> reader;

    Source(LocalEngine engine, List<? extends Split> splits, SplitReader<T> reader, Codec<T> codec) {
      super(engine, codec);
      this.splits = splits;
      this.reader = reader;
    }

    @Override
    public int numPartitions() {
      return splits.size();
    }

    @Override
    CloseableIterator<T> compute(int partition, TaskReports context) throws Exception {
      CloseableIterator<T> it = reader.open(splits.get(partition), context);
      return new CloseableIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public T next() {
          engine.read.records.increment();
          return it.next();
        }

        @Override
        public void close() {
          it.close();
        }
      };
    }
  }

  static final class FlatMapped<S, T> extends LocalDataset<T> {
    private final LocalDataset<S> parent;
    private final RecordFunction<S, T> fn;

    @SuppressWarnings("unchecked")
    FlatMapped(LocalDataset<S> parent, RecordFunction<S, T> fn, Codec<T> codec) {
      super(parent.engine, codec);
      // Consecutive stateless maps run as one, so a batch crosses the thread pool once.
      if (parent instanceof FlatMapped<?, ?> fm) {
        this.parent = (LocalDataset<S>) fm.parent;
        this.fn = (RecordFunction<S, T>) fuse(fm.fn, (RecordFunction<Object, T>) fn);
      } else {
        this.parent = parent;
        this.fn = fn;
      }
    }

    @SuppressWarnings("unchecked")
    private static <A, B, C> RecordFunction<A, C> fuse(RecordFunction<A, B> first, RecordFunction<Object, C> second) {
      return (record, out, ctx) -> first.apply(record, b -> {
        try {
          second.apply(b, out, ctx);
        } catch (Exception e) {
          throw Unchecked.rethrow(e);
        }
      }, ctx);
    }

    @Override
    public int numPartitions() {
      return parent.numPartitions();
    }

    @Override
    CloseableIterator<T> compute(int partition, TaskReports context) throws Exception {
      return new OrderedParallelMap<>(parent.compute(partition, context), fn, engine.workers, engine.options.threads(), OrderedBatches.BATCH, context);
    }
  }

  static final class PartitionMapped<S, T> extends LocalDataset<T> {
    private final LocalDataset<S> parent;
    private final PartitionFunction<S, T> fn;

    PartitionMapped(LocalDataset<S> parent, PartitionFunction<S, T> fn, Codec<T> codec) {
      super(parent.engine, codec);
      this.parent = parent;
      this.fn = fn;
    }

    @Override
    public int numPartitions() {
      return parent.numPartitions();
    }

    @Override
    CloseableIterator<T> compute(int partition, TaskReports context) throws Exception {
      CloseableIterator<S> in = parent.compute(partition, context);
      return CloseableIterator.of(fn.apply(partition, in, context), in::close);
    }
  }

  static final class Union<T> extends LocalDataset<T> {
    private final LocalDataset<T> first;
    private final LocalDataset<T> second;

    Union(LocalDataset<T> first, LocalDataset<T> second) {
      super(first.engine, first.codec);
      this.first = first;
      this.second = second;
    }

    @Override
    public int numPartitions() {
      return first.numPartitions() + second.numPartitions();
    }

    @Override
    CloseableIterator<T> compute(int partition, TaskReports context) throws Exception {
      int n = first.numPartitions();
      return partition < n ? first.compute(partition, context) : second.compute(partition - n, context);
    }
  }

  static final class Materialized<T> extends LocalDataset<T> {
    private final Path dir;
    private final int partitions;

    Materialized(LocalEngine engine, Path dir, int partitions, Codec<T> codec) {
      super(engine, codec);
      this.dir = dir;
      this.partitions = partitions;
    }

    /** Already on disk: computing it once more would only copy it. */
    @Override
    public Dataset<T> checkpoint() {
      return this;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    CloseableIterator<T> compute(int partition, TaskReports context) throws IOException {
      DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(dir.resolve(String.format("p-%05d.bin", partition))), 1 << 16));
      return new CloseableIterator<>() {
        T next = read();

        private T read() {
          try {
            return codec.read(in);
          } catch (EOFException e) {
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public T next() {
          if (next == null) {
            throw new NoSuchElementException();
          }
          T t = next;
          next = read();
          return t;
        }

        @Override
        public void close() {
          try {
            in.close();
          } catch (IOException ignored) {
            // read-only
          }
        }
      };
    }
  }

  /** The reduce side of a shuffle: merges a partition's sorted runs and reduces key by key. */
  static final class Shuffled<V, T> extends LocalDataset<T> {
    private final Path dir;
    /** Per map task, its spills' segment offsets ({@link ShuffleWriter#index}). */
    private final long[][][] index;
    private final int partitions;
    private final Codec<V> valueCodec;
    private final GroupReducer<V, T> reducer;

    Shuffled(LocalEngine engine, Path dir, long[][][] index, int partitions, Codec<V> valueCodec, GroupReducer<V, T> reducer, Codec<T> codec) {
      super(engine, codec);
      this.dir = dir;
      this.index = index;
      this.partitions = partitions;
      this.valueCodec = valueCodec;
      this.reducer = reducer;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    CloseableIterator<T> compute(int partition, TaskReports context) throws IOException {
      List<ShuffleRun> runs = new ArrayList<>();
      for (int m = 0; m < index.length; m++) {
        runs.addAll(ShuffleWriter.runs(dir, "m" + m, index[m], partition));
      }
      RunMerger merger = RunMerger.open(runs, dir);
      GroupIterator<V, T> reduced = new GroupIterator<>(merger.entries(), valueCodec, reducer, context);
      return CloseableIterator.of(reduced, merger::close);
    }
  }
}
