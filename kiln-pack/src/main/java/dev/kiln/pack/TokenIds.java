package dev.kiln.pack;

import dev.kiln.core.Document;
import java.util.Base64;

/**
 * How a tokenized document carries its ids between stages: metadata {@code token_ids}, a string
 * (base64 of LEB128 varints, about 3.6 characters a token for a 128k vocabulary, so it survives any
 * codec and JSONL shard), and {@code tokens}, the count. Stages that change ids (FIM) rewrite both.
 */
public final class TokenIds {
  /** Metadata key of the encoded ids. */
  public static final String IDS = "token_ids";
  /** Metadata key of the number of ids. */
  public static final String COUNT = "tokens";

  private TokenIds() {}

  public static String encode(int[] ids) {
    return encode(ids, 0, ids.length);
  }

  public static String encode(int[] ids, int from, int to) {
    byte[] buf = new byte[(to - from) * 5];
    int n = 0;
    for (int i = from; i < to; i++) {
      int v = ids[i];
      while ((v & ~0x7F) != 0) {
        buf[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[n++] = (byte) v;
    }
    return Base64.getEncoder().withoutPadding().encodeToString(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n));
  }

  public static int[] decode(String s) {
    byte[] b = Base64.getDecoder().decode(s);
    IntBuf out = new IntBuf(b.length);
    decodeInto(b, out);
    return out.toArray();
  }

  /** Appends the ids of {@code s} to {@code out}; returns how many. */
  public static int decodeInto(String s, IntBuf out) {
    return decodeInto(Base64.getDecoder().decode(s), out);
  }

  private static int decodeInto(byte[] b, IntBuf out) {
    int start = out.size();
    out.ensure(start + b.length);
    int[] a = out.array();
    int n = start;
    int v = 0;
    int shift = 0;
    for (byte x : b) {
      v |= (x & 0x7F) << shift;
      if (x >= 0) {
        a[n++] = v;
        v = 0;
        shift = 0;
      } else {
        shift += 7;
      }
    }
    if (shift != 0) {
      throw new IllegalArgumentException("truncated token ids");
    }
    out.setSize(n);
    return n - start;
  }

  /** The ids of a tokenized document; fails with a clear message when it was not tokenized. */
  public static int[] of(Document doc) {
    Object v = doc.meta(IDS);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("document " + doc.id() + " has no " + IDS + ": run the tokenize stage before this one");
    }
    return decode(s);
  }

  /** The document with its ids (and count) replaced. */
  public static Document with(Document doc, int[] ids) {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    m.put(COUNT, (long) ids.length);
    m.put(IDS, encode(ids));
    return doc.withMeta(m);
  }

  /** Token count from metadata (0 when absent). */
  public static long count(Document doc) {
    Object v = doc.meta(COUNT);
    return v instanceof Number n ? n.longValue() : 0L;
  }
}
