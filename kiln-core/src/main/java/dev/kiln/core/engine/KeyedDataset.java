package dev.kiln.core.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A dataset of keyed records ({@link KV}) with the wide operations, as Spark's
 * {@code KeyValueGroupedDataset}: {@link #groupByKey} and {@link #cogroup}. Written once here over
 * each engine's {@link Dataset#shuffle}: keys are bytes, grouped in unsigned byte order into the
 * partitioner's partitions; within a key, values come in the byte order of their encoding.
 */
public final class KeyedDataset<V> {
  private final Dataset<KV<V>> records;
  private final Codec<V> valueCodec;

  private KeyedDataset(Dataset<KV<V>> records, Codec<V> valueCodec) {
    this.records = records;
    this.valueCodec = valueCodec;
  }

  /** Records already keyed, encoded with {@link KV#codec}. */
  public static <V> KeyedDataset<V> of(Dataset<KV<V>> records) {
    if (!(records.codec() instanceof KvCodec<V> kv)) {
      throw new IllegalArgumentException("keyed records must be encoded with KV.codec(...), not " + records.codec());
    }
    return new KeyedDataset<>(records, kv.valueCodec());
  }

  public Dataset<KV<V>> records() {
    return records;
  }

  /** All values of each key to {@code reducer}, in {@code partitioner.numPartitions()} partitions. */
  public <R> Dataset<R> groupByKey(Partitioner partitioner, GroupReducer<V, R> reducer, Codec<R> codec) {
    return records.shuffle(partitioner, valueCodec, reducer, codec);
  }

  /**
   * Each key's values from this dataset (left) and {@code other} (right) together to
   * {@code reducer}: one shuffle of both, each value tagged with its side, so the left values of a
   * key sort before its right ones.
   */
  public <W, R> Dataset<R> cogroup(KeyedDataset<W> other, Partitioner partitioner, CoGroupReducer<V, W, R> reducer, Codec<R> codec) {
    Codec<Side<V, W>> sides = new SideCodec<>(valueCodec, other.valueCodec);
    Dataset<KV<Side<V, W>>> left = records.flatMap((kv, out, tc) -> out.emit(new KV<>(kv.key(), new Side<>(true, kv.value(), null))), KV.codec(sides));
    Dataset<KV<Side<V, W>>> right = other.records.flatMap((kv, out, tc) -> out.emit(new KV<>(kv.key(), new Side<>(false, null, kv.value()))), KV.codec(sides));
    return left.union(right).shuffle(partitioner, sides, (key, values, out, tc) -> {
      Sides<V, W> s = new Sides<>(values);
      reducer.reduce(key, s.left(), s.right(), out, tc);
    }, codec);
  }

  /** A value of one side of a cogroup. */
  private record Side<A, B>(boolean isLeft, A left, B right) {}

  /** Tag byte 0 then the left value, or 1 then the right: the left values of a key sort first. */
  private record SideCodec<A, B>(Codec<A> left, Codec<B> right) implements Codec<Side<A, B>> {
    @Override
    public void write(Side<A, B> s, DataOutput out) throws IOException {
      if (s.isLeft) {
        out.writeByte(0);
        left.write(s.left, out);
      } else {
        out.writeByte(1);
        right.write(s.right, out);
      }
    }

    @Override
    public Side<A, B> read(DataInput in) throws IOException {
      return in.readByte() == 0 ? new Side<>(true, left.read(in), null) : new Side<>(false, null, right.read(in));
    }
  }

  /** One key's tagged values split into its two sides, streaming. */
  private static final class Sides<A, B> {
    private final Iterator<Side<A, B>> values;
    private Side<A, B> peeked;

    Sides(Iterator<Side<A, B>> values) {
      this.values = values;
    }

    private Side<A, B> peek() {
      if (peeked == null && values.hasNext()) {
        peeked = values.next();
      }
      return peeked;
    }

    Iterator<A> left() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          Side<A, B> p = peek();
          return p != null && p.isLeft;
        }

        @Override
        public A next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          A a = peeked.left;
          peeked = null;
          return a;
        }
      };
    }

    Iterator<B> right() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          Side<A, B> p = peek();
          if (p != null && p.isLeft) {
            throw new IllegalStateException("a cogroup reducer reads all of left before right (" + p.left + " is still unread)");
          }
          return p != null;
        }

        @Override
        public B next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          B b = peeked.right;
          peeked = null;
          return b;
        }
      };
    }
  }
}
