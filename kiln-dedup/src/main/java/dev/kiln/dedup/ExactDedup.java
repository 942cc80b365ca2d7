package dev.kiln.dedup;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.Positions;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.util.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Drops documents whose normalized text equals an earlier document's. Three phases: key each
 * document by a 128-bit hash of its normalized text; group by hash and mark every member but the
 * first in input order; join the marks back by position. The drop log names each duplicate's kept twin.
 */
@StageInfo(name = "exact_dedup", description = "Drops exact duplicates (after normalization), keeping the first in input order.")
public final class ExactDedup implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "compare case-folded text with whitespace runs collapsed", defaultValue = "true") boolean normalize)
      implements java.io.Serializable {}

  private final Config config;

  public ExactDedup(Config config) {
    this.config = config;
  }

  /** Position and id of one document, ordered by position when encoded. */
  record Entry(byte[] position, String id) {
    static final Codec<Entry> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Entry e, DataOutput out) throws IOException {
        out.write(e.position);
        Codecs.writeString(out, e.id);
      }

      @Override
      public Entry read(DataInput in) throws IOException {
        byte[] pos = new byte[12];
        in.readFully(pos);
        return new Entry(pos, Codecs.readString(in));
      }
    };
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    Dataset<Document> stored = docs.checkpoint();
    boolean normalize = config.normalize();
    Dataset<KV<String>> hashed = stored.flatMap((doc, out, tc) -> out.emit(new KV<>(hash(doc.text(), normalize), doc.id())), KV.codec(Codecs.STRING));
    Dataset<KV<Entry>> entries = Positions.keyed(hashed).flatMap(
        (kv, out, tc) -> out.emit(new KV<>(kv.value().key(), new Entry(kv.key(), kv.value().value()))), KV.codec(Entry.CODEC));
    Dataset<KV<String>> marks = KeyedDataset.of(entries).groupByKey(Partitioner.hash(ctx.shufflePartitions()), (hash, members, out, tc) -> {
      Entry first = members.next();
      while (members.hasNext()) {
        out.emit(new KV<>(members.next().position(), first.id()));
      }
    }, KV.codec(Codecs.STRING));
    return Positions.dropMarked(stored, KeyedDataset.of(marks), ctx.stageName(), "duplicate");
  }

  static byte[] hash(String text, boolean normalize) {
    String t = normalize ? normalize(text) : text;
    byte[] b = t.getBytes(StandardCharsets.UTF_8);
    long[] h = Hashing.hash128(b, 0, b.length, 0);
    return ByteBuffer.allocate(16).putLong(h[0]).putLong(h[1]).array();
  }

  static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
