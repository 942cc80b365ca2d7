package dev.kiln.pack.packing;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.pack.IntBuf;

/**
 * Packing algorithms as pure functions of document lengths: they decide which token ranges go to
 * which sequence, and never touch a token (see {@link SequenceBuilder} for that). Documents are
 * numbered 0..n-1; documents of length 0 are skipped.
 */
public final class Packers {
  private Packers() {}

  /** The identity order 0..n-1. */
  public static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    return o;
  }

  /**
   * Concatenation: documents in {@code order}, one after the other, cut every {@code seqLen}
   * tokens. The final partial sequence is dropped when {@code dropRemainder}, else padded. O(n +
   * sequences).
   */
  public static PackPlan concat(int[] lengths, int[] order, int seqLen, boolean dropRemainder) {
    checkSeqLen(seqLen);
    IntBuf seqStart = new IntBuf(16);
    IntBuf doc = new IntBuf(order.length + 16);
    IntBuf from = new IntBuf(order.length + 16);
    IntBuf to = new IntBuf(order.length + 16);
    seqStart.add(0);
    int fill = 0;
    int docs = 0;
    int cut = 0;
    long tokensIn = 0;
    for (int d : order) {
      int len = length(lengths, d);
      if (len == 0) {
        continue;
      }
      docs++;
      tokensIn += len;
      int pos = 0;
      int pieces = 0;
      while (pos < len) {
        int take = Math.min(len - pos, seqLen - fill);
        doc.add(d);
        from.add(pos);
        to.add(pos + take);
        pieces++;
        pos += take;
        fill += take;
        if (fill == seqLen) {
          seqStart.add(doc.size());
          fill = 0;
        }
      }
      if (pieces > 1) {
        cut++;
      }
    }
    long dropped = 0;
    if (fill > 0) {
      if (dropRemainder) {
        int first = seqStart.get(seqStart.size() - 1);
        dropped = fill;
        // a document cut by the remainder was counted above (it has an earlier piece); one that lies
        // wholly in it is lost, and its tokens are counted as dropped
        doc.setSize(first);
        from.setSize(first);
        to.setSize(first);
      } else {
        seqStart.add(doc.size());
      }
    }
    return PackPlan.of(seqLen, seqStart, doc, from, to, docs, tokensIn, dropped, cut);
  }

  /** Document d's length, which must not be negative (checked with an if: this runs per document). */
  private static int length(int[] lengths, int d) {
    int len = lengths[d];
    if (len < 0) {
      throw new IllegalArgumentException("negative length for document " + d);
    }
    return len;
  }

  /**
   * Best-fit decreasing (Ding et al. 2024, "Fewer Truncations Improve Language Modeling"): a
   * document longer than {@code seqLen} is split into {@code seqLen}-token chunks plus its rest;
   * every other document stays whole. Chunks are taken longest first (counting sort, stable in
   * {@code order}) and each goes to the open sequence with the least room that still fits it,
   * found in a segment tree over remaining capacities: O(n log seqLen). Sequences come out in the
   * order they were opened; every one is padded to {@code seqLen}.
   */
  public static PackPlan bestFit(int[] lengths, int[] order, int seqLen) {
    checkSeqLen(seqLen);
    // chunks: (doc, from, to), every length in [1, seqLen]
    IntBuf cDoc = new IntBuf(order.length + 16);
    IntBuf cFrom = new IntBuf(order.length + 16);
    int docs = 0;
    int cut = 0;
    long tokensIn = 0;
    for (int d : order) {
      int len = length(lengths, d);
      if (len == 0) {
        continue;
      }
      docs++;
      tokensIn += len;
      if (len > seqLen) {
        cut++;
      }
      for (int pos = 0; pos < len; pos += seqLen) {
        cDoc.add(d);
        cFrom.add(pos);
      }
    }
    int n = cDoc.size();
    int[] chunkLen = new int[n];
    int[] count = new int[seqLen + 2];
    for (int c = 0; c < n; c++) {
      int d = cDoc.get(c);
      chunkLen[c] = Math.min(seqLen, lengths[d] - cFrom.get(c));
      count[chunkLen[c]]++;
    }
    // longest first, stable: start offsets by descending length
    int[] startOf = new int[seqLen + 2];
    int acc = 0;
    for (int l = seqLen; l >= 1; l--) {
      startOf[l] = acc;
      acc += count[l];
    }
    int[] sorted = new int[n];
    for (int c = 0; c < n; c++) {
      sorted[startOf[chunkLen[c]]++] = c;
    }

    CapacityTree tree = new CapacityTree(seqLen);
    int[] head = new int[seqLen + 1];
    java.util.Arrays.fill(head, -1);
    IntBuf next = new IntBuf(1024);
    IntBuf binRoom = new IntBuf(1024);
    int[] chunkBin = new int[n];
    for (int c : sorted) {
      int len = chunkLen[c];
      int cap = tree.firstAtLeast(len);
      int bin;
      if (cap < 0) {
        bin = binRoom.size();
        binRoom.add(seqLen);
        next.add(-1);
        cap = seqLen;
      } else {
        bin = head[cap];
        head[cap] = next.get(bin);
        tree.add(cap, -1);
      }
      chunkBin[c] = bin;
      int room = cap - len;
      binRoom.set(bin, room);
      if (room > 0) {
        next.set(bin, head[room]);
        head[room] = bin;
        tree.add(room, 1);
      }
    }
    // CSR by bin, chunks in the order they were placed (longest first)
    int bins = binRoom.size();
    int[] start = new int[bins + 1];
    for (int c = 0; c < n; c++) {
      start[chunkBin[c] + 1]++;
    }
    for (int b = 0; b < bins; b++) {
      start[b + 1] += start[b];
    }
    int[] fillAt = java.util.Arrays.copyOf(start, bins);
    int[] doc = new int[n];
    int[] from = new int[n];
    int[] to = new int[n];
    for (int c : sorted) {
      int k = fillAt[chunkBin[c]]++;
      doc[k] = cDoc.get(c);
      from[k] = cFrom.get(c);
      to[k] = cFrom.get(c) + chunkLen[c];
    }
    return new PackPlan(seqLen, start, doc, from, to, docs, tokensIn, 0, cut);
  }

  private static void checkSeqLen(int seqLen) {
    checkArgument(seqLen >= 1, "seq_len must be at least 1, got " + seqLen);
  }

  /** Counts of open sequences by remaining capacity 0..max, with "smallest capacity >= x" in O(log max). */
  static final class CapacityTree {
    private final int size;
    private final int[] tree;

    CapacityTree(int max) {
      int s = 1;
      while (s < max + 1) {
        s <<= 1;
      }
      size = s;
      tree = new int[2 * s];
    }

    void add(int capacity, int delta) {
      for (int i = capacity + size; i >= 1; i >>= 1) {
        tree[i] += delta;
      }
    }

    /** The smallest capacity >= x with an open sequence, or -1. */
    int firstAtLeast(int x) {
      int i = x + size;
      if (tree[i] > 0) {
        return x;
      }
      while (i > 1) {
        if ((i & 1) == 0 && tree[i + 1] > 0) {
          i++;
          while (i < size) {
            i <<= 1;
            if (tree[i] == 0) {
              i++;
            }
          }
          return i - size;
        }
        i >>= 1;
      }
      return -1;
    }
  }
}
