package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.stats.StageStats;
import dev.kiln.pack.Tokenizers;
import dev.kiln.pack.output.PackJob;
import dev.kiln.pack.output.PackFile;
import dev.kiln.pack.packing.PackMode;
import dev.kiln.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The last mile: packs tokenized documents into fixed-length sequences and writes them, per
 * partition, as a Megatron-LM indexed dataset ({@code DIR/part-NNNNN.bin/.idx}) with a lineage
 * manifest ({@code .manifest.jsonl}) and optionally Parquet, under {@code DIR} inside the run's output
 * directory; then writes {@code DIR/pack.json} (rates, totals, every shard's sha256) and, with
 * {@code split_by}, one dataset per value plus the {@code --data-path} weight list. Documents are
 * then passed on (without their token ids) to the run's JSONL shards.
 *
 * <p>Packing is per partition: documents never move between partitions here, so order across the
 * corpus comes from the stages before (mix, curriculum). Within a partition it runs in memory
 * (about 4 bytes a token).
 */
@StageInfo(name = "pack", description = "Packs tokenized documents into sequences (concat, best_fit, cluster, in_context); writes Megatron .bin/.idx, manifests, Parquet.")
public final class Pack implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "concat, best_fit, cluster or in_context", defaultValue = "concat") PackMode mode,
      @Param(value = "tokens per sequence", defaultValue = "4096") int seqLen,
      @Param(value = "tokenizer.json the documents were tokenized with: vocabulary size (uint16 or int32 files), EOS for padding, decoding in inspect", defaultValue = "''", path = true) String tokenizer,
      @Param(value = "vocabulary size, when no tokenizer is given", defaultValue = "0") int vocabSize,
      @Param(value = "padding token id (-1: the tokenizer's EOS)", defaultValue = "-1") int padId,
      @Param(value = "shuffle with the recipe seed: documents (concat) or finished sequences (other modes)", defaultValue = "true") boolean shuffle,
      @Param(value = "drop a partition's final partial sequence instead of padding it", defaultValue = "false") boolean dropRemainder,
      @Param(value = "document masking: per-token segment ids, position ids restarting at each document, cu_seqlens (Parquet)", defaultValue = "false") boolean documentMask,
      @Param(value = "loss mask 0 on the first token of a piece continuing a cut document", defaultValue = "false") boolean maskContinuations,
      @Param(value = "cluster mode: metadata key to group by ('' = clusters of the lexical embedding)", defaultValue = "''") String clusterKey,
      @Param(value = "cluster mode without a key: embedding sign bits per cluster id (2^bits clusters)", defaultValue = "6") int clusterBits,
      @Param(value = "in_context: nearest neighbours per document", defaultValue = "10") int neighbours,
      @Param(value = "in_context: cosine above which a neighbour is a near duplicate", defaultValue = "0.9") double duplicateCosine,
      @Param(value = "in_context: leave near duplicates out of the packed data (else only keep them apart)", defaultValue = "true") boolean dropDuplicates,
      @Param(value = "embedding dimensions (in_context, embedding clusters)", defaultValue = "64") int dimensions,
      @Param(value = "also write one dataset per value of this metadata key (e.g. source), plus --data-path weights", defaultValue = "''") String splitBy,
      @Param(value = "weights per split_by value for the --data-path list ({} = token shares)", defaultValue = "{}") Map<String, Double> weights,
      @Param(value = "also write Parquet (input_ids, position_ids, segment_ids, cu_seqlens, loss_mask)", defaultValue = "false") boolean parquet,
      @Param(value = "directory inside the run's output ('' = the stage's name)", defaultValue = "''") String dir)
      implements java.io.Serializable {}

  private final Config config;
  private final int vocabSize;
  private final int padId;

  public Pack(Config config) {
    checkArgument(config.seqLen() >= 1, "seq_len must be at least 1");
    int vocab = config.vocabSize();
    int pad = config.padId();
    if (!config.tokenizer().isEmpty()) {
      Tokenizer t = Tokenizers.load(config.tokenizer());
      vocab = Math.max(vocab, t.vocabSize());
      if (pad < 0) {
        pad = Tokenizers.eos(t, "");
      }
    }
    checkArgument(vocab > 0, "pack needs the tokenizer (or vocab_size) to choose uint16 or int32 token files");
    if (pad < 0) {
      pad = 0;
    }
    checkArgument(!(config.mode() == PackMode.CLUSTER && config.clusterKey().isEmpty() && (config.clusterBits() < 1 || config.clusterBits() > Math.min(16, config.dimensions()))), "cluster_bits must be between 1 and min(16, dimensions)");
    this.config = config;
    this.vocabSize = vocab;
    this.padId = pad;
  }

  public Config config() {
    return config;
  }

  /** The job one partition runs; also usable without an engine. */
  public PackJob job(Path dir, long seed, String stageName) {
    return new PackJob(config, vocabSize, padId, dir.toString(), seed, stageName);
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    Path dir = ctx.localOutputDir("writes files").resolve(config.dir().isEmpty() ? ctx.stageName().replace('#', '-') : config.dir());
    Dataset<Document> stored = docs.checkpoint();
    PackJob job = job(dir, ctx.seed(), ctx.stageName());
    stored.foreachPartition(job);
    try {
      PackFile.write(dir, config, job, stored.numPartitions());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String stage = ctx.stageName();
    return stored.flatMap((doc, out, tc) -> {
      StageStats s = tc.stats(stage);
      s.in();
      s.kept();
      out.emit(doc.hasTokenIds() ? doc.withTokenIds(null) : doc);
    }, Codecs.DOCUMENT);
  }
}
