package dev.kiln.spark;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.GroupIterator;
import dev.kiln.core.engine.GroupReducer;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.PartitionFunction;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A dataset as a Spark RDD of plain Java records. Records are never serialized by Spark as
 * objects: they cross shuffles, checkpoints and the driver as the bytes of their {@link Codec}, so
 * documents need not be {@code Serializable} and the bytes are the same as on the local engine.
 * Only the functions (stages, codecs, readers, sinks) travel by Java serialization.
 *
 * <p>Each dataset is a node with a name ({@code n007-flatMap}); reports of its functions are
 * accounted under (node, partition), which is what makes retries and recomputations count once.
 */
final class SparkDataset<T> implements Dataset<T> {
  /** Checkpoint and collect move records in blocks of about this many bytes. */
  static final int CHUNK = 1 << 20;

  final SparkEngine engine;
  final JavaRDD<T> rdd;
  final Codec<T> codec;
  final int partitions;
  /** When this dataset is a run of flatMaps: the RDD under them, their datasets and functions. */
  private final Fused fused;
  /** True for the result of {@link #checkpoint}: already stored, so checkpointing it again is a no-op. */
  private final boolean stored;

  private record Fused(JavaRDD<?> base, List<String> nodes, List<RecordFunction<Object, Object>> fns) {}

  SparkDataset(SparkEngine engine, JavaRDD<T> rdd, Codec<T> codec, int partitions) {
    this(engine, rdd, codec, partitions, null, false);
  }

  private SparkDataset(SparkEngine engine, JavaRDD<T> rdd, Codec<T> codec, int partitions, Fused fused, boolean stored) {
    this.engine = engine;
    this.rdd = rdd;
    this.codec = codec;
    this.partitions = partitions;
    this.fused = fused;
    this.stored = stored;
  }

  static <T> SparkDataset<T> source(SparkEngine engine, List<? extends Split> splits, SplitReader<T> reader, Codec<T> codec) {
    String node = engine.newNode("read");
    if (splits.isEmpty()) {
      return new SparkDataset<>(engine, engine.jsc().emptyRDD(), codec, 0);
    }
    // One element per slice: parallelize cuts a list of n into n slices of one, in order. Splits go
    // as Java-serialized bytes, since Spark writes the slices with its data serializer (Kryo).
    List<byte[]> encoded = new ArrayList<>();
    for (Split split : splits) {
      encoded.add(javaSerialize(split));
    }
    JavaRDD<byte[]> s = engine.jsc().parallelize(encoded, splits.size());
    JavaRDD<T> rdd = engine.plan(reader, () -> s.mapPartitionsWithIndex(new Read<>(engine.env(), node, reader), false));
    return new SparkDataset<>(engine, rdd, codec, splits.size());
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public Codec<T> codec() {
    return codec;
  }

  /**
   * Consecutive flatMaps run as one Spark function over the RDD under the first, as on the local
   * engine, so a batch of records crosses the worker threads once; each function still reports
   * under its own dataset.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <R> Dataset<R> flatMap(RecordFunction<T, R> fn, Codec<R> codec) {
    String node = engine.newNode("flatMap");
    JavaRDD<Object> base = (JavaRDD<Object>) (fused != null ? fused.base() : rdd);
    List<String> nodes = new ArrayList<>(fused != null ? fused.nodes() : List.of());
    List<RecordFunction<Object, Object>> fns = new ArrayList<>(fused != null ? fused.fns() : List.of());
    nodes.add(node);
    fns.add((RecordFunction<Object, Object>) (RecordFunction<?, ?>) fn);
    Fused f = new Fused(base, List.copyOf(nodes), List.copyOf(fns));
    JavaRDD<R> out = engine.plan(fn, () -> base.mapPartitionsWithIndex(new FlatMap<R>(engine.env(), f.nodes(), f.fns()), false));
    return new SparkDataset<>(engine, out, codec, partitions, f, false);
  }

  @Override
  public <R> Dataset<R> mapPartitions(PartitionFunction<T, R> fn, Codec<R> codec) {
    String node = engine.newNode("mapPartitions");
    return new SparkDataset<>(engine, engine.plan(fn, () -> rdd.mapPartitionsWithIndex(new MapPartitions<>(engine.env(), node, fn), false)), codec, partitions);
  }

  @Override
  public <V, R> Dataset<R> shuffle(Partitioner partitioner, Codec<V> valueCodec, GroupReducer<V, R> reducer, Codec<R> codec) {
    String node = engine.newNode("group");
    int n = partitioner.numPartitions();
    @SuppressWarnings("unchecked")
    JavaRDD<KV<V>> keyed = (JavaRDD<KV<V>>) (JavaRDD<?>) rdd;
    JavaPairRDD<byte[], Object> pairs = engine.plan(partitioner, () -> keyed.mapPartitionsToPair(new ToShuffle<>(partitioner, valueCodec)));
    JavaPairRDD<byte[], Object> sorted = pairs.repartitionAndSortWithinPartitions(new ShuffleKeys.Partitioner(n), new ShuffleKeys.Order());
    JavaRDD<R> reduced = engine.plan(reducer, () -> sorted.mapPartitionsWithIndex(new Reduce<>(engine.env(), node, valueCodec, reducer), false));
    return new SparkDataset<>(engine, reduced, codec, n);
  }

  @Override
  public Dataset<T> union(Dataset<T> other) {
    SparkDataset<T> o = (SparkDataset<T>) other;
    checkArgument(o.engine == engine, "cannot union datasets of two engines");
    // Neither side has a Spark partitioner, so this is a plain UnionRDD: our partitions, then theirs.
    return new SparkDataset<>(engine, rdd.union(o.rdd), codec, partitions + o.partitions);
  }

  @Override
  public Dataset<T> checkpoint() {
    if (this.stored) {
      return this;
    }
    JavaRDD<byte[]> stored = rdd.mapPartitionsWithIndex(new Encode<>(codec), false);
    stored.persist(StorageLevel.DISK_ONLY());
    if (engine.jsc().getCheckpointDir().isPresent()) {
      // Reliable storage (HDFS, S3) given: cut the lineage too; Spark copies the persisted blocks.
      stored.rdd().checkpoint();
    }
    engine.action("checkpoint", stored::count);
    engine.keep(stored);
    return new SparkDataset<>(engine, stored.mapPartitionsWithIndex(new Decode<>(codec), false), codec, partitions, null, true);
  }

  @Override
  public List<T> collect() {
    List<byte[]> chunks = engine.action("collect", () -> rdd.mapPartitionsWithIndex(new Encode<>(codec), false).collect());
    List<T> out = new ArrayList<>();
    for (byte[] c : chunks) {
      new Decoder<>(codec, c).forEachRemaining(out::add);
    }
    return out;
  }

  @Override
  public void foreachPartition(PartitionSink<T> sink) {
    String node = engine.newNode("write");
    JavaRDD<Object> written = engine.plan(sink, () -> rdd.mapPartitionsWithIndex(new Write<>(engine.env(), node, sink), false));
    engine.action("write", written::count);
  }

  // ---- the functions Spark runs; static classes so they capture exactly what they need ----

  /** Opens the partition's split; counts records read for progress. */
  static final class Read<T> implements Function2<Integer, Iterator<byte[]>, Iterator<T>> {
    private static final long serialVersionUID = 1L;
    private final Reports.Env env;
    private final String node;
    private final SplitReader<T> reader;

    Read(Reports.Env env, String node, SplitReader<T> reader) {
      this.env = env;
      this.node = node;
      this.reader = reader;
    }

    @Override
    public Iterator<T> call(Integer p, Iterator<byte[]> splits) throws Exception {
      Split split;
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new ByteArrayInputStream(splits.next())) {
        @Override
        protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
          // The task's class loader sees the application jar on executors.
          return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
        }
      }) {
        split = (Split) in.readObject();
      }
      TaskReports ctx = Reports.context(env, node, p);
      CloseableIterator<T> it = reader.open(split, ctx);
      org.apache.spark.TaskContext.get().addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> it.close());
      LongAdder records = Reports.progress(env.engineId()).records;
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public T next() {
          records.increment();
          return it.next();
        }
      };
    }
  }

  static final class FlatMap<T> implements Function2<Integer, Iterator<Object>, Iterator<T>> {
    private static final long serialVersionUID = 1L;
    private final Reports.Env env;
    private final List<String> nodes;
    private final List<RecordFunction<Object, Object>> fns;

    FlatMap(Reports.Env env, List<String> nodes, List<RecordFunction<Object, Object>> fns) {
      this.env = env;
      this.nodes = nodes;
      this.fns = fns;
    }

    @Override
    public Iterator<T> call(Integer p, Iterator<Object> in) {
      List<TaskReports> contexts = new ArrayList<>(nodes.size());
      for (String node : nodes) {
        contexts.add(Reports.context(env, node, p));
      }
      return BatchMap.of(in, fns, contexts, env.taskThreads());
    }
  }

  static final class MapPartitions<S, T> implements Function2<Integer, Iterator<S>, Iterator<T>> {
    private static final long serialVersionUID = 1L;
    private final Reports.Env env;
    private final String node;
    private final PartitionFunction<S, T> fn;

    MapPartitions(Reports.Env env, String node, PartitionFunction<S, T> fn) {
      this.env = env;
      this.node = node;
      this.fn = fn;
    }

    @Override
    public Iterator<T> call(Integer p, Iterator<S> in) throws Exception {
      return fn.apply(p, in, Reports.context(env, node, p));
    }
  }

  /** Map side of a shuffle: each keyed record to (partition, key, value bytes). */
  static final class ToShuffle<V> implements PairFlatMapFunction<Iterator<KV<V>>, byte[], Object> {
    private static final long serialVersionUID = 1L;
    private final Partitioner partitioner;
    private final Codec<V> valueCodec;

    ToShuffle(Partitioner partitioner, Codec<V> valueCodec) {
      this.partitioner = partitioner;
      this.valueCodec = valueCodec;
    }

    @Override
    public Iterator<Tuple2<byte[], Object>> call(Iterator<KV<V>> in) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Tuple2<byte[], Object> next() {
          KV<V> kv = in.next();
          byte[] key = kv.key();
          return new Tuple2<>(ShuffleKeys.compose(partitioner.partition(key), key, Codecs.encode(valueCodec, kv.value())), null);
        }
      };
    }
  }

  /** Reduce side: consecutive records of one key (already sorted by Spark) to the reducer. */
  static final class Reduce<V, R> implements Function2<Integer, Iterator<Tuple2<byte[], Object>>, Iterator<R>> {
    private static final long serialVersionUID = 1L;
    private final Reports.Env env;
    private final String node;
    private final Codec<V> valueCodec;
    private final GroupReducer<V, R> reducer;

    Reduce(Reports.Env env, String node, Codec<V> valueCodec, GroupReducer<V, R> reducer) {
      this.env = env;
      this.node = node;
      this.valueCodec = valueCodec;
      this.reducer = reducer;
    }

    @Override
    public Iterator<R> call(Integer p, Iterator<Tuple2<byte[], Object>> in) {
      return new GroupIterator<>(ShuffleKeys.entries(in), valueCodec, reducer, Reports.context(env, node, p));
    }
  }

  /** Records to blocks of their encoded bytes (for checkpoints and collect). */
  static final class Encode<T> implements Function2<Integer, Iterator<T>, Iterator<byte[]>> {
    private static final long serialVersionUID = 1L;
    private final Codec<T> codec;

    Encode(Codec<T> codec) {
      this.codec = codec;
    }

    @Override
    public Iterator<byte[]> call(Integer p, Iterator<T> in) {
      return new Iterator<>() {
        final ByteArrayOutputStream bos = new ByteArrayOutputStream(CHUNK + (CHUNK >> 2));
        final DataOutputStream out = new DataOutputStream(bos);

        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public byte[] next() {
          if (!in.hasNext()) {
            throw new NoSuchElementException();
          }
          bos.reset();
          try {
            while (bos.size() < CHUNK && in.hasNext()) {
              codec.write(in.next(), out);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bos.toByteArray();
        }
      };
    }
  }

  static final class Decode<T> implements Function2<Integer, Iterator<byte[]>, Iterator<T>> {
    private static final long serialVersionUID = 1L;
    private final Codec<T> codec;

    Decode(Codec<T> codec) {
      this.codec = codec;
    }

    @Override
    public Iterator<T> call(Integer p, Iterator<byte[]> chunks) {
      return new Iterator<>() {
        Iterator<T> current = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && chunks.hasNext()) {
            current = new Decoder<>(codec, chunks.next());
          }
          return current.hasNext();
        }

        @Override
        public T next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }

  /** The records of one block, in order. */
  static final class Decoder<T> implements Iterator<T> {
    private final Codec<T> codec;
    private final ByteArrayInputStream bin;
    private final DataInputStream in;

    Decoder(Codec<T> codec, byte[] block) {
      this.codec = codec;
      this.bin = new ByteArrayInputStream(block);
      this.in = new DataInputStream(bin);
    }

    @Override
    public boolean hasNext() {
      return bin.available() > 0;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        return codec.read(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Terminal: a partition's records to the sink. */
  static final class Write<T> implements Function2<Integer, Iterator<T>, Iterator<Object>> {
    private static final long serialVersionUID = 1L;
    private final Reports.Env env;
    private final String node;
    private final PartitionSink<T> sink;

    Write(Reports.Env env, String node, PartitionSink<T> sink) {
      this.env = env;
      this.node = node;
      this.sink = sink;
    }

    @Override
    public Iterator<Object> call(Integer p, Iterator<T> in) throws Exception {
      sink.write(p, in, Reports.context(env, node, p));
      return Collections.emptyIterator();
    }
  }

  static byte[] javaSerialize(Object o) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bos)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + o, e);
    }
    return bos.toByteArray();
  }
}
