package dev.kiln.core.engine;

import dev.kiln.core.Document;
import dev.kiln.core.stats.StageStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * Documents addressed by position (partition, index), the way global stages decide about documents
 * in one phase and apply the decisions in another. A position key sorts in input order and
 * partitions back to the document's own partition, so joining decisions back keeps the input order
 * and partitioning: output shard N still holds what input file N gave.
 */
public final class Positions {
  private Positions() {}

  public static byte[] key(int partition, long index) {
    return ByteBuffer.allocate(12).putInt(partition).putLong(index).array();
  }

  public static int partition(byte[] key) {
    return ByteBuffer.wrap(key).getInt(0);
  }

  public static long index(byte[] key) {
    return ByteBuffer.wrap(key).getLong(4);
  }

  /** Each record with its position key; sequential per partition, so keep it cheap. */
  public static <T> Dataset<KV<T>> keyed(Dataset<T> records) {
    return records.mapPartitions((p, it, ctx) -> new Iterator<KV<T>>() {
      long i;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KV<T> next() {
        return new KV<>(key(p, i++), it.next());
      }
    }, KV.codec(records.codec()));
  }

  /**
   * Drops the documents that {@code marks} names by position (value: a detail for the drop log,
   * such as the kept twin's id), keeping all others in input order. Counts every document under
   * {@code stage}: in, kept, or dropped for {@code reason}. {@code docs} is read once.
   */
  public static Dataset<Document> dropMarked(Dataset<Document> docs, Dataset<KV<String>> marks, String stage, String reason) {
    Dataset<KV<Joined>> left = keyed(docs).flatMap((kv, out, ctx) -> out.emit(new KV<>(kv.key(), Joined.doc(kv.value()))), KV.codec(Joined.CODEC));
    Dataset<KV<Joined>> right = marks.flatMap((kv, out, ctx) -> out.emit(new KV<>(kv.key(), Joined.mark(kv.value()))), KV.codec(Joined.CODEC));
    return Dataset.group(left.union(right), Partitioner.byPrefix(docs.numPartitions()), (key, values, out, ctx) -> {
      // Marks encode with tag 0, documents with tag 1: a mark, if any, comes first.
      String detail = null;
      while (values.hasNext()) {
        Joined j = values.next();
        if (j.doc() == null) {
          if (detail == null) {
            detail = j.detail();
          }
          continue;
        }
        StageStats s = ctx.stats(stage);
        s.in();
        if (detail != null) {
          ctx.drop(stage, j.doc(), reason, detail);
        } else {
          s.kept();
          out.emit(j.doc());
        }
      }
    }, Codecs.DOCUMENT);
  }

  /** A document or a mark about one, sharing a position key. */
  record Joined(Document doc, String detail) {
    static Joined doc(Document d) {
      return new Joined(d, null);
    }

    static Joined mark(String detail) {
      return new Joined(null, detail == null ? "" : detail);
    }

    static final Codec<Joined> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Joined j, DataOutput out) throws IOException {
        if (j.doc == null) {
          out.writeByte(0);
          Codecs.writeString(out, j.detail);
        } else {
          out.writeByte(1);
          Codecs.DOCUMENT.write(j.doc, out);
        }
      }

      @Override
      public Joined read(DataInput in) throws IOException {
        return in.readByte() == 0 ? mark(Codecs.readString(in)) : doc(Codecs.DOCUMENT.read(in));
      }
    };
  }
}
