package dev.kiln.pack.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.util.Json;
import dev.kiln.pack.packing.PackPlan;
import dev.kiln.pack.stages.Pack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code DIR/pack.json}, written once every partition is packed: the settings, then totals and
 * rates per dataset (the main one, and with split_by one per value, by directory name) with every
 * shard and its sha256. For split datasets it also writes {@code DIR/data-path.txt}, the weighted
 * prefix list Megatron's {@code --data-path} takes (also in {@code data_path}), so the blend can
 * change between training stages without packing again. Written and read here only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PackFile(String mode, int seqLen, String dtype, int padId, String tokenizer, boolean documentMask, boolean shuffle,
    int partitions, Dataset main, String splitBy, LinkedHashMap<String, Dataset> splits, String dataPath) {
  public static final String NAME = "pack.json";
  public static final String DATA_PATH = "data-path.txt";

  /**
   * One dataset's totals over its shards: {@code value} is the split_by value (null: the main
   * dataset); the concatenation reference (best_fit) and in-context figures are null when the mode
   * reports none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Dataset(String value, long documents, long sequences, long tokens, long paddingTokens, long droppedTokens,
      long truncatedDocuments, double truncationRate, double paddingRate, ConcatReference concatReference, InContext inContext,
      List<Shard> shards) {}

  /** What plain concatenation of the same documents would have given, for best_fit to be measured against. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ConcatReference(long sequences, long truncatedDocuments, double truncationRate, double paddingRate) {}

  /** in_context ordering: documents ordered, near duplicates found, adjacent similarity against random pairs, seconds spent. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InContext(long documents, long nearDuplicates, double meanAdjacentSimilarity, double randomAdjacentSimilarity,
      double seconds) {}

  /** A shard: its prefix under DIR, figures, curriculum stages and file hashes (Parquet's null when not written). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Shard(String prefix, int sequences, long tokens, List<String> stages, String binSha256, String idxSha256,
      String parquetSha256) {}

  /** Sums the partition summaries into {@code DIR/pack.json} (and {@code DIR/data-path.txt}). */
  public static void write(Path dir, Pack.Config config, PackJob job, int partitions) throws IOException {
    Files.createDirectories(dir);
    List<ShardSummary> mains = new ArrayList<>();
    TreeMap<String, List<ShardSummary>> splits = new TreeMap<>();
    for (int p = 0; p < partitions; p++) {
      Path f = PartitionSummary.path(dir, p);
      if (!Files.exists(f)) {
        throw new IllegalStateException("partition " + p + " was not packed: " + f + " is missing");
      }
      PartitionSummary s = PartitionSummary.read(dir, p);
      mains.add(s.main());
      if (s.splits() != null) {
        s.splits().forEach((k, v) -> splits.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
    }
    LinkedHashMap<String, Dataset> sp = null;
    String dataPath = null;
    if (!splits.isEmpty()) {
      sp = new LinkedHashMap<>();
      for (Map.Entry<String, List<ShardSummary>> e : splits.entrySet()) {
        sp.put(e.getKey(), totals(e.getValue()));
      }
      dataPath = dataPath(dir, splits, config.weights());
      Files.writeString(dir.resolve(DATA_PATH), dataPath + "\n", StandardCharsets.UTF_8);
    }
    PackFile r = new PackFile(config.mode().name().toLowerCase(Locale.ROOT), config.seqLen(), job.dtype().name().toLowerCase(Locale.ROOT),
        job.padId(), config.tokenizer().isEmpty() ? "" : Path.of(config.tokenizer()).toAbsolutePath().normalize().toString(),
        config.documentMask(), config.shuffle(), partitions, totals(mains), sp == null ? null : config.splitBy(), sp, dataPath);
    Path tmp = dir.resolve(NAME + ".tmp");
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), r);
    Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The pack.json in {@code dir}. */
  public static PackFile read(Path dir) throws IOException {
    return Json.MAPPER.readValue(dir.resolve(NAME).toFile(), PackFile.class);
  }

  static Dataset totals(List<ShardSummary> shards) {
    long documents = 0;
    long truncated = 0;
    long sequences = 0;
    long tokens = 0;
    long padding = 0;
    long dropped = 0;
    long seqLen = 0;
    long refDocs = 0;
    long refTruncated = 0;
    long refSequences = 0;
    long refPadding = 0;
    long icDocs = 0;
    long icDuplicates = 0;
    double icAdjacent = 0;
    double icRandom = 0;
    double icSeconds = 0;
    List<Shard> list = new ArrayList<>();
    String value = null;
    for (ShardSummary s : shards) {
      value = s.value() != null ? s.value() : value;
      sequences += s.sequences();
      tokens += s.tokens();
      padding += s.paddingTokens();
      seqLen = s.seqLen();
      for (PackPlan.Summary plan : s.plans()) {
        documents += plan.documents();
        truncated += plan.truncatedDocuments();
        dropped += plan.droppedTokens();
      }
      for (ShardSummary.Extra x : s.extra() == null ? List.<ShardSummary.Extra>of() : s.extra()) {
        PackPlan.Summary ref = x.concatReference();
        if (ref != null) {
          refDocs += ref.documents();
          refTruncated += ref.truncatedDocuments();
          refSequences += ref.sequences();
          refPadding += ref.paddingTokens();
        }
        if (x.meanAdjacentSimilarity() != null) {
          long n = x.documents();
          icDocs += n;
          icDuplicates += x.nearDuplicates();
          icAdjacent += n * x.meanAdjacentSimilarity();
          icRandom += n * x.randomAdjacentSimilarity();
          icSeconds += x.secondsGraph() + x.secondsPath();
        }
      }
      list.add(new Shard(s.prefix(), s.sequences(), s.tokens(), s.stages(), s.binSha256(), s.idxSha256(), s.parquetSha256()));
    }
    ConcatReference ref = refDocs == 0 ? null
        : new ConcatReference(refSequences, refTruncated, rate(refTruncated, refDocs), rate(refPadding, refSequences * seqLen));
    InContext ic = icDocs == 0 ? null
        : new InContext(icDocs, icDuplicates, PackJob.round(icAdjacent / icDocs), PackJob.round(icRandom / icDocs), PackJob.round(icSeconds));
    return new Dataset(value, documents, sequences, tokens, padding, dropped, truncated, rate(truncated, documents),
        rate(padding, sequences * seqLen), ref, ic, list);
  }

  /** "w1 prefix1 w2 prefix2 ...": each value's weight, spread over its shards by their tokens. */
  static String dataPath(Path dir, TreeMap<String, List<ShardSummary>> splits, Map<String, Double> weights) {
    Map<String, Double> w = new LinkedHashMap<>();
    Map<String, Long> tokens = new LinkedHashMap<>();
    splits.forEach((k, shards) -> tokens.put(k, shards.stream().mapToLong(ShardSummary::tokens).sum()));
    long all = tokens.values().stream().mapToLong(Long::longValue).sum();
    splits.forEach((k, shards) -> {
      String value = shards.get(0).value();
      Double given = weights.containsKey(value) ? weights.get(value) : weights.get(k);
      w.put(k, !weights.isEmpty() ? (given == null ? 0.0 : given) : all == 0 ? 0.0 : (double) tokens.get(k) / all);
    });
    double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder sb = new StringBuilder();
    splits.forEach((k, shards) -> {
      double share = sum == 0 ? 0 : w.get(k) / sum;
      long t = tokens.get(k);
      for (ShardSummary s : shards) {
        long st = s.tokens();
        if (st == 0 || share == 0) {
          continue;
        }
        String prefix = dir.toAbsolutePath().normalize().resolve(s.prefix()).toString();
        sb.append(sb.length() > 0 ? " " : "").append(String.format(Locale.ROOT, "%.6f", share * st / t)).append(' ').append(prefix);
      }
    });
    return sb.toString();
  }

  private static double rate(long a, long b) {
    return b == 0 ? 0 : PackJob.round((double) a / b);
  }
}
