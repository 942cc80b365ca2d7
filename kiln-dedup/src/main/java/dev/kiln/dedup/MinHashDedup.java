package dev.kiln.dedup;

import static dev.kiln.core.util.Preconditions.checkArgument;

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
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-duplicate removal with MinHash-LSH, as engine phases that spill to disk:
 *
 * <ol>
 *   <li><b>prepare</b>: per document, shingles (word or CJK character n-grams after normalization),
 *       a MinHash signature and one key per LSH band; checkpointed.
 *   <li><b>buckets</b>: group by band key; documents sharing a bucket become candidate pairs (every
 *       pair among a bucket's first {@value #ALL_PAIRS} members, later members paired with the first
 *       {@value #ANCHORS}, so a boilerplate bucket cannot explode quadratically); pairs found in
 *       several bands are deduplicated by a second grouping.
 *   <li><b>verify</b> (optional): two joins bring both documents' fingerprints (shingle sets, or
 *       signatures) to the pair; it survives when the similarity reaches the pair's threshold, the
 *       larger of its two documents' domain thresholds.
 *   <li><b>components</b>: connected components of the surviving pairs ({@link Components}).
 *   <li><b>keep</b>: group each component's members best first (highest {@code score_field}, then
 *       input order); the first is kept and annotated {@code minhash_dedup.cluster} (its own id) and
 *       {@code minhash_dedup.cluster_size}; the others are dropped as {@code near_duplicate} with the detail
 *       the kept twin's id, which is also the cluster's id.
 * </ol>
 *
 * <p>No phase holds more than one bucket, pair or component in memory; every other record streams
 * through the engine's sorted, spilled shuffles.
 */
@StageInfo(name = "minhash_dedup", description = "Near-duplicate removal with MinHash-LSH, verified pairs, connected components; keeps the best-scored member of each cluster.")
public final class MinHashDedup implements GlobalStage {
  private static final long serialVersionUID = 1L;

  /** How candidate pairs are checked before they join a cluster. */
  public enum Verify {
    /** Jaccard similarity of the two shingle sets. */
    EXACT,
    /** Share of equal MinHash values (an estimate of the Jaccard similarity). */
    SIGNATURE,
    /** None: sharing a bucket is enough (datatrove's choice). */
    NONE
  }

  public record Config(
      @Param(value = "Jaccard similarity at or above which two documents are duplicates", defaultValue = "0.8") double threshold,
      @Param(value = "thresholds per value of domain_field, e.g. {news: 0.7, books: 0.8}; a pair needs the larger of its two documents' thresholds", defaultValue = "{}") Map<String, Double> thresholds,
      @Param(value = "metadata key that selects a threshold from thresholds", defaultValue = "domain") String domainField,
      @Param(value = "MinHash permutations", defaultValue = "128") int numPerm,
      @Param(value = "LSH bands; 0 = chosen with rows from the lowest threshold", defaultValue = "0") int bands,
      @Param(value = "signature rows per band; 0 = chosen with bands", defaultValue = "0") int rows,
      @Param(value = "weight of false negatives against false positives when choosing bands x rows (datatrove/text-dedup: 0.5)", defaultValue = "0.95") double falseNegativeWeight,
      @Param(value = "shingle units: auto (characters for CJK text, else words), words or chars", defaultValue = "auto") Shingles.Mode shingles,
      @Param(value = "words per shingle", defaultValue = "5") int ngram,
      @Param(value = "characters per shingle for CJK text", defaultValue = "5") int charNgram,
      @Param(value = "candidate check: exact (Jaccard of shingle sets), signature (MinHash estimate) or none", defaultValue = "exact") Verify verify,
      @Param(value = "metadata key of a score; each cluster keeps its highest-scored member (ties: first in input order); empty = first in input order", defaultValue = "''") String scoreField,
      @Param(value = "seed of the MinHash permutations", defaultValue = "1") long hashSeed)
      implements java.io.Serializable {}

  static final int ALL_PAIRS = 32;
  static final int ANCHORS = 8;

  private final Config config;
  private final MinHasher hasher;

  public MinHashDedup(Config config) {
    this.config = config;
    double lowest = config.threshold();
    for (Map.Entry<String, Double> e : config.thresholds().entrySet()) {
      check(e.getValue(), "thresholds." + e.getKey());
      lowest = Math.min(lowest, e.getValue());
    }
    check(config.threshold(), "threshold");
    checkArgument(config.numPerm() >= 1 && config.numPerm() <= 1024, "num_perm must be in [1, 1024], got " + config.numPerm());
    checkArgument(config.ngram() >= 1 && config.charNgram() >= 1, "ngram and char_ngram must be >= 1");
    checkArgument((config.bands() == 0) == (config.rows() == 0), "set both bands and rows, or neither");
    checkArgument(config.thresholds().isEmpty() || config.verify() != Verify.NONE, "per-domain thresholds need verify: exact or signature (buckets alone cannot tell 0.7 from 0.8)");
    LshParams lsh = config.bands() > 0 ? new LshParams(config.bands(), config.rows())
        : LshParams.optimal(lowest, config.numPerm(), 1 - config.falseNegativeWeight(), config.falseNegativeWeight());
    this.hasher = new MinHasher(config.numPerm(), lsh.bands(), lsh.rows(), config.hashSeed());
  }

  private static void check(double t, String name) {
    checkArgument(t > 0 && t <= 1, name + " must be in (0, 1], got " + t);
  }

  public LshParams lsh() {
    return new LshParams(hasher.bands(), hasher.rows());
  }

  /** One document's facts for the later phases. */
  record Prep(byte[] pos, String id, long score, double threshold, long[] fingerprint, long[] bands) {
    static final Codec<Prep> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Prep p, DataOutput out) throws IOException {
        out.write(p.pos);
        Codecs.writeString(out, p.id);
        out.writeLong(p.score);
        out.writeDouble(p.threshold);
        Keys.writeLongs(out, p.fingerprint);
        Keys.writeLongs(out, p.bands);
      }

      @Override
      public Prep read(DataInput in) throws IOException {
        byte[] pos = new byte[Keys.POS];
        in.readFully(pos);
        return new Prep(pos, Codecs.readString(in), in.readLong(), in.readDouble(), Keys.readLongs(in), Keys.readLongs(in));
      }
    };
  }

  /** A document's side of the verification join: its threshold and fingerprint. */
  record Fingerprint(double threshold, long[] fingerprint) {
    static final Codec<Fingerprint> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Fingerprint f, DataOutput out) throws IOException {
        out.writeDouble(f.threshold);
        Keys.writeLongs(out, f.fingerprint);
      }

      @Override
      public Fingerprint read(DataInput in) throws IOException {
        return new Fingerprint(in.readDouble(), Keys.readLongs(in));
      }
    };
  }

  /** A pair's request for a document's fingerprint, naming the partner (first: the document comes first in the pair). */
  record Request(boolean first, byte[] partner) {
    static final Codec<Request> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Request r, DataOutput out) throws IOException {
        out.writeByte(r.first ? 1 : 2);
        out.write(r.partner);
      }

      @Override
      public Request read(DataInput in) throws IOException {
        boolean first = in.readByte() == 1;
        byte[] partner = new byte[Keys.POS];
        in.readFully(partner);
        return new Request(first, partner);
      }
    };
  }

  /** A cluster member: score (best first), position, id. */
  record Member(long score, byte[] pos, String id) {
    static final Codec<Member> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Member m, DataOutput out) throws IOException {
        out.writeLong(m.score);
        out.write(m.pos);
        Codecs.writeString(out, m.id);
      }

      @Override
      public Member read(DataInput in) throws IOException {
        long score = in.readLong();
        byte[] pos = new byte[Keys.POS];
        in.readFully(pos);
        return new Member(score, pos, Codecs.readString(in));
      }
    };
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    Dataset<Document> stored = docs.checkpoint();

    // Phase 1: shingles, signature, band keys.
    Config c = config;
    MinHasher mh = hasher;
    Dataset<Prep> prepared = Positions.keyed(stored).flatMap((kv, out, tc) -> out.emit(prepare(c, mh, kv.key(), kv.value())), Prep.CODEC).checkpoint();

    Dataset<KV<Decision>> decisions = cluster(prepared, config.verify() == Verify.EXACT ? Similarity.JACCARD
        : config.verify() == Verify.SIGNATURE ? Similarity.SIGNATURE : null, ALL_PAIRS, ctx, "near_duplicate");
    return Decision.apply(stored, decisions, ctx.stageName());
  }

  /** How a verified pair's fingerprints are compared. */
  enum Similarity {
    /** Jaccard similarity of sorted shingle sets. */
    JACCARD,
    /** Share of equal MinHash values. */
    SIGNATURE,
    /** 1 - Hamming distance / 64 of one 64-bit SimHash. */
    HAMMING;

    double of(long[] a, long[] b) {
      return switch (this) {
        case JACCARD -> Shingles.jaccard(a, b);
        case SIGNATURE -> MinHasher.estimate(a, b);
        case HAMMING -> 1 - Long.bitCount(a[0] ^ b[0]) / 64.0;
      };
    }
  }

  /**
   * Phases 2 to 5, shared with {@link SimHashDedup}: documents sharing a band key become candidate
   * pairs, pairs are verified with {@code similarity} (none when null), components are formed, and
   * each keeps its best member. Returns the decisions to join back.
   */
  static Dataset<KV<Decision>> cluster(Dataset<Prep> prepared, Similarity similarity, int allPairs, StageContext ctx, String reason) {
    String stage = ctx.stageName();
    Partitioner part = Partitioner.hash(ctx.shufflePartitions());
    // Phase 2: buckets to candidate pairs, deduplicated across bands.
    Dataset<KV<byte[]>> inBuckets = prepared.flatMap((p, out, tc) -> {
      for (int j = 0; j < p.bands.length; j++) {
        out.emit(new KV<>(ByteBuffer.allocate(10).putShort((short) j).putLong(p.bands[j]).array(), p.pos));
      }
    }, KV.codec(Keys.POSITION));
    Dataset<KV<byte[]>> pairs = KeyedDataset.of(inBuckets).groupByKey(part, (bucket, members, out, tc) -> {
      List<byte[]> head = new ArrayList<>();
      while (members.hasNext()) {
        byte[] p = members.next();
        int partners = head.size() < allPairs ? head.size() : ANCHORS;
        for (int i = 0; i < partners; i++) {
          out.emit(new KV<>(Keys.concat(head.get(i), p), new byte[0]));
        }
        if (head.size() < allPairs) {
          head.add(p);
        }
      }
    }, KV.codec(Codecs.BYTES));
    Dataset<KV<byte[]>> candidates = KeyedDataset.of(pairs).groupByKey(part, (pair, dup, out, tc) -> {
      tc.stats(stage).add("candidate_pairs", 1);
      out.emit(new KV<>(Keys.slice(pair, 0, Keys.POS), Keys.slice(pair, Keys.POS, Keys.POS)));
    }, KV.codec(Keys.POSITION));

    // Phase 3: verification, a join on each end of the pair.
    Dataset<KV<byte[]>> edges = similarity == null ? candidates : verify(prepared, candidates, part, stage, similarity);

    // Phase 4: connected components.
    Dataset<KV<byte[]>> roots = Components.of(edges, ctx.shufflePartitions());

    // Phase 5: each component's members, best first; keep the first.
    KeyedDataset<Member> nodes = prepared.keyBy((p, out, tc) -> {
      if (p.bands.length > 0) {
        out.emit(new KV<>(p.pos, new Member(p.score, p.pos, p.id)));
      }
    }, Member.CODEC);
    Dataset<KV<Member>> byRoot = KeyedDataset.of(roots).cogroup(nodes, part, (pos, root, member, out, tc) -> {
      byte[] r = root.hasNext() ? root.next() : null;
      if (r != null && member.hasNext()) {
        out.emit(new KV<>(r, member.next()));
      }
    }, KV.codec(Member.CODEC));
    Dataset<KV<Decision>> decisions = KeyedDataset.of(byRoot).groupByKey(part, (root, members, out, tc) -> {
      Member kept = members.next();
      long size = 1;
      while (members.hasNext()) {
        // The detail is the kept twin's id, which is also the cluster's.
        out.emit(new KV<>(members.next().pos, Decision.drop(reason, kept.id)));
        size++;
      }
      tc.stats(stage).add("clusters", 1);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put(ctx.measureKey("cluster"), kept.id);
      meta.put(ctx.measureKey("cluster_size"), size);
      out.emit(new KV<>(kept.pos, Decision.annotate(meta)));
    }, KV.codec(Decision.CODEC));

    return decisions;
  }

  static Prep prepare(Config c, MinHasher mh, byte[] pos, Document doc) {
    long[] sh = Shingles.of(doc.text(), c.shingles(), c.ngram(), c.charNgram());
    long[] sig = mh.signature(sh);
    long[] bands = mh.bandKeys(sig);
    Object domain = doc.meta(c.domainField());
    Double t = domain == null ? null : c.thresholds().get(domain.toString());
    double threshold = t == null ? c.threshold() : t;
    double score = Double.NEGATIVE_INFINITY;
    if (!c.scoreField().isEmpty()) {
      score = doc.metaDouble(c.scoreField(), Double.NEGATIVE_INFINITY);
    }
    long[] fp = switch (c.verify()) {
      case EXACT -> sh;
      case SIGNATURE -> sig;
      case NONE -> new long[0];
    };
    return new Prep(pos, doc.id(), Keys.descendingScore(c.scoreField().isEmpty() ? 0 : score), threshold, fp, bands);
  }

  private static Dataset<KV<byte[]>> verify(Dataset<Prep> prepared, Dataset<KV<byte[]>> candidates, Partitioner part, String stage, Similarity mode) {
    KeyedDataset<Fingerprint> own = prepared.keyBy((p, out, tc) -> {
      if (p.bands.length > 0) {
        out.emit(new KV<>(p.pos, new Fingerprint(p.threshold, p.fingerprint)));
      }
    }, Fingerprint.CODEC);
    // Each pair asks both of its documents for their fingerprints.
    KeyedDataset<Request> requests = candidates.keyBy((kv, out, tc) -> {
      out.emit(new KV<>(kv.key(), new Request(true, kv.value())));
      out.emit(new KV<>(kv.value(), new Request(false, kv.key())));
    }, Request.CODEC);
    Dataset<KV<Fingerprint>> halves = own.cogroup(requests, part, (x, mine, reqs, out, tc) -> {
      if (!mine.hasNext()) {
        throw new IllegalStateException("a candidate pair names a document without shingles");
      }
      Fingerprint half = mine.next();
      while (reqs.hasNext()) {
        Request req = reqs.next();
        out.emit(new KV<>(req.first ? Keys.concat(x, req.partner) : Keys.concat(req.partner, x), half));
      }
    }, KV.codec(Fingerprint.CODEC));
    return KeyedDataset.of(halves).groupByKey(part, (pair, vals, out, tc) -> {
      Fingerprint a = vals.next();
      Fingerprint b = vals.hasNext() ? vals.next() : a;
      double sim = mode.of(a.fingerprint, b.fingerprint);
      if (sim >= Math.max(a.threshold, b.threshold)) {
        tc.stats(stage).add("verified_pairs", 1);
        out.emit(new KV<>(Keys.slice(pair, 0, Keys.POS), Keys.slice(pair, Keys.POS, Keys.POS)));
      }
    }, KV.codec(Keys.POSITION));
  }

}
