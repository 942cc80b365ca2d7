package dev.kiln.pack.packing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.pack.IntBuf;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which token ranges of which documents make up each fixed-length sequence: sequence {@code s} is
 * segments {@code [seqStart[s], seqStart[s+1])}, segment {@code g} is tokens
 * {@code [segFrom[g], segTo[g])} of document {@code segDoc[g]}; whatever a sequence lacks of
 * {@code seqLen} is padding. Documents are indices into the caller's arrays, so a plan is a pure
 * function of token counts and can be checked without any token.
 */
public final class PackPlan {
  public final int seqLen;
  public final int[] seqStart;
  public final int[] segDoc;
  public final int[] segFrom;
  public final int[] segTo;
  /** Documents given to the packer (with at least one token). */
  public final int documents;
  /** Tokens given to the packer. */
  public final long tokensIn;
  /** Tokens of a final partial sequence that was dropped instead of padded. */
  public final long droppedTokens;
  /** Documents whose tokens went to more than one sequence (or were partly dropped). */
  public final int truncatedDocuments;

  PackPlan(int seqLen, int[] seqStart, int[] segDoc, int[] segFrom, int[] segTo, int documents, long tokensIn, long droppedTokens, int truncatedDocuments) {
    this.seqLen = seqLen;
    this.seqStart = seqStart;
    this.segDoc = segDoc;
    this.segFrom = segFrom;
    this.segTo = segTo;
    this.documents = documents;
    this.tokensIn = tokensIn;
    this.droppedTokens = droppedTokens;
    this.truncatedDocuments = truncatedDocuments;
  }

  /** Builds a plan from segment lists (used by packers). */
  static PackPlan of(int seqLen, IntBuf seqStart, IntBuf doc, IntBuf from, IntBuf to, int documents, long tokensIn, long dropped, int truncated) {
    return new PackPlan(seqLen, seqStart.toArray(), doc.toArray(), from.toArray(), to.toArray(), documents, tokensIn, dropped, truncated);
  }

  public int sequences() {
    return seqStart.length - 1;
  }

  public int segments() {
    return segDoc.length;
  }

  /** Real (non-padding) tokens of sequence s. */
  public int used(int s) {
    int u = 0;
    for (int g = seqStart[s]; g < seqStart[s + 1]; g++) {
      u += segTo[g] - segFrom[g];
    }
    return u;
  }

  public long tokensPacked() {
    long t = 0;
    for (int g = 0; g < segDoc.length; g++) {
      t += segTo[g] - segFrom[g];
    }
    return t;
  }

  public long paddingTokens() {
    return (long) sequences() * seqLen - tokensPacked();
  }

  /** Share of documents cut ({@link #truncatedDocuments()} / documents). */
  public double truncationRate() {
    return documents == 0 ? 0 : (double) truncatedDocuments / documents;
  }

  /** Share of output tokens that are padding. */
  public double paddingRate() {
    long out = (long) sequences() * seqLen;
    return out == 0 ? 0 : (double) paddingTokens() / out;
  }

  /** The same sequences in a seeded random order (segments inside each keep theirs). */
  public PackPlan shuffled(long seed) {
    int n = sequences();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] start = new int[n + 1];
    int[] doc = new int[segDoc.length];
    int[] from = new int[segDoc.length];
    int[] to = new int[segDoc.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int s = perm[i];
      start[i] = k;
      for (int g = seqStart[s]; g < seqStart[s + 1]; g++, k++) {
        doc[k] = segDoc[g];
        from[k] = segFrom[g];
        to[k] = segTo[g];
      }
    }
    start[n] = k;
    return new PackPlan(seqLen, start, doc, from, to, documents, tokensIn, droppedTokens, truncatedDocuments);
  }

  /**
   * Figures for reports: sequences, tokens, padding and truncation, and the curriculum stage the
   * plan was written as (null: a plan only measured, such as best_fit's concatenation reference).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Summary(int seqLen, int documents, int sequences, long tokensIn, long tokensPacked, long paddingTokens,
      long droppedTokens, int truncatedDocuments, double truncationRate, double paddingRate, String stage) {}

  public Summary summary(String stage) {
    return new Summary(seqLen, documents, sequences(), tokensIn, tokensPacked(), paddingTokens(), droppedTokens, truncatedDocuments,
        round(truncationRate()), round(paddingRate()), stage);
  }

  static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
  }
}
