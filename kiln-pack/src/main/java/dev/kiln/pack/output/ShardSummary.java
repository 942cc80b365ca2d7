package dev.kiln.pack.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.pack.packing.PackPlan;
import java.util.List;

/**
 * A packed shard's figures: the first line of its manifest ({@link PackedShardWriter} writes it,
 * {@link PackedShard} reads it: prefix, extra and value null), and one dataset's entry in a
 * {@link PartitionSummary}, which adds the shard's prefix under the pack directory, what the packing
 * mode reported per curriculum stage (null: nothing) and the split_by value (null: the main dataset).
 * One record for both, as the entry is the header with those three around it (a header record
 * unwrapped inside the entry would do, but Jackson 2.17 cannot read {@code @JsonUnwrapped} record
 * components).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShardSummary(String prefix, String shard, String format, String dtype, int seqLen, int sequences, long tokens,
    long paddingTokens, int padId, boolean documentMask, List<String> stages, String binSha256, String idxSha256,
    String parquetSha256, List<PackPlan.Summary> plans, List<Extra> extra, String value) {

  /**
   * What a packing mode reports beside one stage's plan: best_fit the plain concatenation it is
   * measured against; in_context its documents, near duplicates, adjacent similarity against random
   * pairs, jumps and seconds. Null parts: not reported by the mode.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Extra(PackPlan.Summary concatReference, Integer documents, Integer nearDuplicates, Double meanAdjacentSimilarity,
      Double randomAdjacentSimilarity, Integer jumps, Double secondsGraph, Double secondsPath, String stage) {
    static Extra concatReference(PackPlan.Summary reference) {
      return new Extra(reference, null, null, null, null, null, null, null, null);
    }

    Extra withStage(String s) {
      return new Extra(concatReference, documents, nearDuplicates, meanAdjacentSimilarity, randomAdjacentSimilarity, jumps,
          secondsGraph, secondsPath, s);
    }
  }

  /** The header as a dataset's entry in a partition summary. */
  ShardSummary inPartition(String prefixUnderDir, List<Extra> modeExtra, String splitValue) {
    return new ShardSummary(prefixUnderDir, shard, format, dtype, seqLen, sequences, tokens, paddingTokens, padId, documentMask,
        stages, binSha256, idxSha256, parquetSha256, plans, modeExtra.isEmpty() ? null : modeExtra, splitValue);
  }
}
