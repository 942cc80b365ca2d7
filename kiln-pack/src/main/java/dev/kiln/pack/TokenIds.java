package dev.kiln.pack;

import dev.kiln.core.Document;

/**
 * How a tokenized document carries its ids between stages: in the document's token id slot (ids,
 * not text, through every stage, checkpoint and shuffle), with {@code tokens}, the count, in its
 * metadata (reports break token counts down by source, language and domain). Stages that change ids
 * (FIM) set both.
 */
public final class TokenIds {
  /** Metadata key of the number of ids. */
  public static final String COUNT = "tokens";

  private TokenIds() {}

  /** The ids of a tokenized document; fails with a clear message when it was not tokenized. */
  public static int[] of(Document doc) {
    int[] ids = doc.tokenIds();
    if (ids == null) {
      throw notTokenized(doc);
    }
    return ids;
  }

  /** Appends the ids of a tokenized document to {@code out}; returns how many. */
  public static int appendTo(Document doc, IntBuf out) {
    if (!doc.hasTokenIds()) {
      throw notTokenized(doc);
    }
    int start = out.size();
    out.ensure(start + doc.tokenCount());
    int n = doc.copyTokenIds(out.array(), start);
    out.setSize(start + n);
    return n;
  }

  private static IllegalArgumentException notTokenized(Document doc) {
    return new IllegalArgumentException("document " + doc.id() + " has no token ids: run the tokenize stage before this one");
  }

  /** The document with its ids (and count) replaced. */
  public static Document with(Document doc, int[] ids) {
    return doc.withTokenIds(ids).withMeta(COUNT, (long) ids.length);
  }

  /** Token count from metadata (0 when absent). */
  public static long count(Document doc) {
    Object v = doc.meta(COUNT);
    return v instanceof Number n ? n.longValue() : 0L;
  }
}
