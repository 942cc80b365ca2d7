package dev.kiln.pack.packing;

import dev.kiln.pack.IntBuf;
import java.util.Arrays;

/**
 * Turns a {@link PackPlan} into token arrays, one sequence at a time, reusing its buffers: input
 * ids (padding with {@code padId}), and with document masking the per-token segment ids (1, 2, ...
 * per document piece; 0 for padding), position ids that restart at every piece, and
 * {@code cu_seqlens} (int32 offsets of the pieces, 0 first and {@code seqLen} last; padding is its own
 * piece), the form FlashAttention's variable-length kernels and Hugging Face's flattening collator
 * take. The loss mask is 0 on padding and, when asked, on the first token of a piece that continues a
 * document cut by a sequence boundary (it has no context of its own under document masking).
 */
public final class SequenceBuilder {
  private final PackPlan plan;
  private final int[] tokens;
  private final int[] offsets;
  private final int padId;
  private final boolean documentMask;
  private final boolean maskContinuations;
  private final boolean aux;
  private final int[] iota;

  public final int[] ids;
  public final int[] positions;
  public final int[] segmentIds;
  public final int[] lossMask;
  public final IntBuf cuSeqlens = new IntBuf(16);
  private int used;

  /**
   * @param tokens all documents' tokens, document d at {@code [offsets[d], offsets[d+1])}
   */
  public SequenceBuilder(PackPlan plan, int[] tokens, int[] offsets, int padId, boolean documentMask, boolean maskContinuations) {
    this(plan, tokens, offsets, padId, documentMask, maskContinuations, true);
  }

  /**
   * @param aux whether to fill positions, segment ids, cu_seqlens and the loss mask (only ids
   *     otherwise, all a Megatron shard needs)
   */
  public SequenceBuilder(PackPlan plan, int[] tokens, int[] offsets, int padId, boolean documentMask, boolean maskContinuations, boolean aux) {
    this.aux = aux;
    this.plan = plan;
    this.tokens = tokens;
    this.offsets = offsets;
    this.padId = padId;
    this.documentMask = documentMask;
    this.maskContinuations = maskContinuations;
    int n = plan.seqLen;
    ids = new int[n];
    positions = new int[n];
    segmentIds = new int[n];
    lossMask = new int[n];
    iota = new int[n];
    for (int i = 0; i < n; i++) {
      iota[i] = i;
    }
    if (!documentMask) {
      System.arraycopy(iota, 0, positions, 0, n);
    }
  }

  /** Fills the buffers with sequence s. */
  public void build(int s) {
    int n = plan.seqLen;
    int k = 0;
    int piece = 0;
    cuSeqlens.clear();
    cuSeqlens.add(0);
    for (int g = plan.seqStart[s]; g < plan.seqStart[s + 1]; g++) {
      int d = plan.segDoc[g];
      int from = plan.segFrom[g];
      int len = plan.segTo[g] - from;
      System.arraycopy(tokens, offsets[d] + from, ids, k, len);
      piece++;
      if (aux) {
        if (documentMask) {
          System.arraycopy(iota, 0, positions, k, len);
          Arrays.fill(segmentIds, k, k + len, piece);
          cuSeqlens.add(k + len);
        }
        if (maskContinuations && from > 0) {
          lossMask[k] = 0;
          Arrays.fill(lossMask, k + 1, k + len, 1);
        } else {
          Arrays.fill(lossMask, k, k + len, 1);
        }
      }
      k += len;
    }
    used = k;
    Arrays.fill(ids, k, n, padId);
    if (aux) {
      if (documentMask) {
        System.arraycopy(iota, 0, positions, k, n - k);
        Arrays.fill(segmentIds, k, n, 0);
        if (k < n) {
          cuSeqlens.add(n);
        }
      } else {
        Arrays.fill(segmentIds, 0, k, 1);
        Arrays.fill(segmentIds, k, n, 0);
        cuSeqlens.add(n);
      }
      Arrays.fill(lossMask, k, n, 0);
    }
  }

  /** Real tokens in the last built sequence. */
  public int used() {
    return used;
  }
}
