package dev.kiln.dedup;

import dev.kiln.core.util.Hashing;
import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.Positions;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;

/**
 * Near-duplicates among short texts (MinHash needs more shingles than a tweet has): a 64-bit
 * SimHash over the normalized words (unigrams: on a 40-word text a bigram feature set moves about
 * six bits per edited word, unigrams about three) (CJK characters count as words), and
 * two texts are duplicates when their SimHashes differ in at most {@code max_distance} bits. By the
 * pigeonhole principle such a pair agrees exactly on at least one of {@code max_distance + 1}
 * blocks of the 64 bits, so blocks are the LSH bands: candidates from shared blocks, verified by
 * Hamming distance, clustered and reduced to their best member exactly as {@link MinHashDedup}
 * does. Only texts of at most {@code max_words} words (or {@code max_cjk_chars} CJK characters) take
 * part; longer ones pass untouched.
 */
@StageInfo(name = "simhash_dedup", description = "Near-duplicate short texts by 64-bit SimHash within a Hamming distance; keeps the best-scored member of each cluster.")
public final class SimHashDedup implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "most differing bits between duplicates' SimHashes", defaultValue = "6") int maxDistance,
      @Param(value = "longest text (words) considered short", defaultValue = "50") int maxWords,
      @Param(value = "longest CJK text (characters) considered short", defaultValue = "100") int maxCjkChars,
      @Param(value = "metadata key of a score; each cluster keeps its highest-scored member (ties: first in input order); empty = first", defaultValue = "''") String scoreField)
      implements java.io.Serializable {}

  /**
   * Bucket members paired all with all: short texts dominated by common words crowd into shared
   * blocks, so buckets here are larger than MinHash's.
   */
  static final int ALL_PAIRS = 512;

  private final Config config;

  public SimHashDedup(Config config) {
    checkArgument(config.maxDistance() >= 0 && config.maxDistance() <= 12, "max_distance must be in [0, 12], got " + config.maxDistance());
    this.config = config;
  }

  /** The SimHash of a text: each feature's hash votes on every bit, weighted by its count. */
  public static long simhash(long[] units) {
    int[] votes = new int[64];
    for (int i = 0; i < units.length; i++) {
      vote(votes, Hashing.fmix(units[i] + 0x1234567L));
    }
    long h = 0;
    for (int b = 0; b < 64; b++) {
      if (votes[b] > 0) {
        h |= 1L << b;
      }
    }
    return h;
  }

  private static void vote(int[] votes, long f) {
    for (int b = 0; b < 64; b++) {
      votes[b] += ((f >>> b) & 1) != 0 ? 1 : -1;
    }
  }

  /**
   * Band keys of a SimHash: the 64 bits in {@code k + 2} blocks, one key per pair of blocks. Two
   * hashes within k bits differ in at most k blocks, so at least two blocks agree and they share a
   * key; keys of two blocks (16 bits and more) keep buckets small even for millions of texts.
   */
  static long[] blocks(long h, int k) {
    int n = k + 2;
    long[] parts = new long[n];
    for (int i = 0; i < n; i++) {
      int from = i * 64 / n;
      int to = (i + 1) * 64 / n;
      parts[i] = (h >>> from) & ((1L << (to - from)) - 1);
    }
    long[] keys = new long[n * (n - 1) / 2];
    int at = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        keys[at] = Hashing.fmix((parts[i] << 32 | parts[j]) * 131 + at);
        at++;
      }
    }
    return keys;
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    Config c = config;
    double threshold = 1 - c.maxDistance() / 64.0;
    Dataset<Document> stored = docs.checkpoint();
    Dataset<MinHashDedup.Prep> prepared = Positions.keyed(stored).flatMap((kv, out, tc) -> {
      Document doc = kv.value();
      long[] units = Shingles.units(doc.text(), Shingles.Mode.WORDS);
      boolean cjk = Shingles.resolve(doc.text(), Shingles.Mode.AUTO) == Shingles.Mode.CHARS;
      boolean shortText = units.length > 0 && units.length <= (cjk ? c.maxCjkChars() : c.maxWords());
      long h = simhash(units);
      double score = c.scoreField().isEmpty() ? 0 : doc.metaDouble(c.scoreField(), Double.NEGATIVE_INFINITY);
      out.emit(new MinHashDedup.Prep(kv.key(), doc.id(), Keys.descendingScore(score), threshold,
          new long[] {h}, shortText ? blocks(h, c.maxDistance()) : new long[0]));
    }, MinHashDedup.Prep.CODEC).checkpoint();
    Dataset<KV<Decision>> decisions = MinHashDedup.cluster(prepared, MinHashDedup.Similarity.HAMMING, ALL_PAIRS, ctx, "near_duplicate");
    return Decision.apply(stored, decisions, ctx.stageName());
  }
}
