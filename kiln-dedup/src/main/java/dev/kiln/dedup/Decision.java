package dev.kiln.dedup;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Positions;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.util.Json;
import dev.kiln.text.Utf8;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a dedup stage decided about one document, addressed by position: drop it (with a reason and
 * a detail for the drop log, such as the kept twin), or keep it with metadata added and, possibly,
 * a new text. {@link #apply} joins decisions back to the documents ({@link Positions#joinBack}).
 */
record Decision(String dropReason, String detail, Map<String, Object> meta, String text, Units unit, int[] cuts) {
  Decision(String dropReason, String detail, Map<String, Object> meta, String text) {
    this(dropReason, detail, meta, text, null, null);
  }

  /** Keep the document with these unit ranges removed (dropped, for {@code emptyReason}, when nothing but whitespace remains). */
  static Decision cut(Units unit, int[] ranges, String emptyReason) {
    return new Decision(null, emptyReason, Map.of(), null, unit, ranges);
  }

  static Decision drop(String reason, String detail) {
    return new Decision(reason, detail, Map.of(), null);
  }

  static Decision annotate(Map<String, Object> meta) {
    return new Decision(null, null, meta, null);
  }

  static Decision rewrite(String text, Map<String, Object> meta) {
    return new Decision(null, null, meta, text);
  }

  /** Decisions as values of a shuffle. */
  static final Codec<Decision> CODEC = new Codec<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Decision d, DataOutput out) throws IOException {
      writeFields(d, out);
    }

    @Override
    public Decision read(DataInput in) throws IOException {
      return readFields(in);
    }
  };

  private static void writeFields(Decision d, DataOutput out) throws IOException {
    out.writeByte((d.dropReason != null ? 1 : 0) | (d.detail != null ? 2 : 0) | (d.text != null ? 4 : 0) | (d.unit != null ? 8 : 0));
    if (d.dropReason != null) {
      Codecs.writeString(out, d.dropReason);
    }
    if (d.detail != null) {
      Codecs.writeString(out, d.detail);
    }
    if (d.text != null) {
      Codecs.writeString(out, d.text);
    }
    Codecs.writeBytes(out, d.meta.isEmpty() ? new byte[0] : Json.MAPPER.writeValueAsBytes(d.meta));
    if (d.unit != null) {
      out.writeByte(d.unit.ordinal());
      Codecs.writeVarInt(out, d.cuts.length);
      for (int c : d.cuts) {
        Codecs.writeVarInt(out, c);
      }
    }
  }

  private static Decision readFields(DataInput in) throws IOException {
    int flags = in.readByte();
    String reason = (flags & 1) != 0 ? Codecs.readString(in) : null;
    String detail = (flags & 2) != 0 ? Codecs.readString(in) : null;
    String text = (flags & 4) != 0 ? Codecs.readString(in) : null;
    byte[] meta = Codecs.readBytes(in);
    Map<String, Object> m = meta.length == 0 ? Map.of() : Json.MAPPER.readValue(meta, Json.MAP);
    Units unit = null;
    int[] cuts = null;
    if ((flags & 8) != 0) {
      unit = Units.values()[in.readByte()];
      cuts = new int[Codecs.readVarInt(in)];
      for (int i = 0; i < cuts.length; i++) {
        cuts[i] = Codecs.readVarInt(in);
      }
    }
    return new Decision(reason, detail, m, text, unit, cuts);
  }

  /** Applies decisions (KV(position, decision)) to {@code docs}, which is read once, in input order. */
  static Dataset<Document> apply(Dataset<Document> docs, Dataset<KV<Decision>> decisions, String stage) {
    return Positions.joinBack(docs, KeyedDataset.of(decisions), stage, Decision::fate);
  }

  /** What a document's decisions (merged) make of it. */
  private static Positions.Fate fate(Document doc, Iterator<Decision> decisions, StageStats s) {
    Decision d = null;
    while (decisions.hasNext()) {
      d = d == null ? decisions.next() : merge(d, decisions.next());
    }
    if (d == null) {
      return Positions.Fate.keep(doc);
    }
    if (d.dropReason != null) {
      return Positions.Fate.drop(d.dropReason, d.detail);
    }
    if (d.unit != null) {
      String before = doc.text();
      String after = d.unit.cut(before, d.unit.bounds(before), d.cuts);
      long removed = Utf8.length(before, 0, before.length()) - Utf8.length(after, 0, after.length());
      s.add("removed_bytes", removed);
      s.add("removed_bytes." + doc.metaString("source", "unknown"), removed);
      if (after.isBlank()) {
        return Positions.Fate.drop(d.detail, null);
      }
      doc = doc.withText(after);
    }
    if (d.text != null) {
      doc = doc.withText(d.text);
    }
    if (!d.meta.isEmpty()) {
      doc = doc.withMeta(d.meta);
    }
    return Positions.Fate.keep(doc);
  }

  /** Two decisions about one document: a drop wins; otherwise metadata is merged. */
  private static Decision merge(Decision a, Decision b) {
    if (a.dropReason != null) {
      return a;
    }
    if (b.dropReason != null) {
      return b;
    }
    Map<String, Object> m = new LinkedHashMap<>(a.meta);
    m.putAll(b.meta);
    Decision cut = b.unit != null ? b : a;
    return new Decision(null, cut.detail, m, b.text != null ? b.text : a.text, cut.unit, cut.cuts);
  }

  static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
