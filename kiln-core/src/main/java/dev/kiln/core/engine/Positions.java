package dev.kiln.core.engine;

import dev.kiln.core.Document;
import dev.kiln.core.stats.StageStats;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Objects;

/**
 * Documents addressed by position (partition, index), the way global stages decide about documents
 * in one phase and apply the decisions in another. A position key sorts in input order and
 * partitions back to the document's own partition, so joining decisions back ({@link #joinBack})
 * keeps the input order and partitioning: output shard N still holds what input file N gave.
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

  /** What a stage's decisions make of one document: keep it (possibly changed), or drop it. */
  public record Fate(Document kept, String dropReason, String detail) {
    public static Fate keep(Document doc) {
      return new Fate(Objects.requireNonNull(doc, "doc"), null, null);
    }

    /** Drops with a reason and a detail for the drop log (e.g. the kept twin), or null. */
    public static Fate drop(String reason, String detail) {
      return new Fate(null, Objects.requireNonNull(reason, "reason"), detail);
    }
  }

  /** How a stage turns its decisions about a document into the document's fate. */
  @FunctionalInterface
  public interface Decider<D> extends Serializable {
    /**
     * @param decisions those about {@code doc}, in the byte order of their encoding; none for most documents
     * @param stats the stage's counters, for extra counts (the document itself is counted by the caller)
     */
    Fate decide(Document doc, Iterator<D> decisions, StageStats stats) throws Exception;
  }

  /**
   * The join-back of every global stage: applies decisions keyed by position to {@code docs} (read
   * once), keeping the input order and partitioning, and counts every document under {@code stage}:
   * in, then kept or dropped with the decider's reason.
   */
  public static <D> Dataset<Document> joinBack(Dataset<Document> docs, KeyedDataset<D> decisions, String stage, Decider<D> decider) {
    KeyedDataset<Document> byPosition = KeyedDataset.of(keyed(docs));
    return byPosition.cogroup(decisions, Partitioner.byPrefix(docs.numPartitions()), (pos, doc, mine, out, ctx) -> {
      if (!doc.hasNext()) {
        throw new IllegalStateException(stage + " decided about position " + partition(pos) + "/" + index(pos) + ", which holds no document");
      }
      Document d = doc.next();
      StageStats s = ctx.stats(stage);
      s.in();
      Fate f = decider.decide(d, mine, s);
      if (f.kept() == null) {
        ctx.drop(stage, d, f.dropReason(), f.detail());
      } else {
        s.kept();
        out.emit(f.kept());
      }
    }, Codecs.DOCUMENT);
  }

  /**
   * Drops the documents that {@code marks} names by position (value: a detail for the drop log, such
   * as the kept twin's id) for {@code reason}, keeping all others.
   */
  public static Dataset<Document> dropMarked(Dataset<Document> docs, KeyedDataset<String> marks, String stage, String reason) {
    return joinBack(docs, marks, stage, (doc, details, stats) -> details.hasNext() ? Fate.drop(reason, details.next()) : Fate.keep(doc));
  }
}
