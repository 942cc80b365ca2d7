package dev.kiln.pack.stages;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import java.util.List;
import java.util.Map;

/**
 * Samples a mixture with target shares counted in tokens (e.g. zh:en:code = 4:4:2 by {@code lang}):
 * a value short of its share is repeated up to {@code max_epochs}, others are down-sampled; seeded
 * and deterministic. Writes {@code STAGE.mix.json} into the output directory: target against
 * achieved tokens and shares per value. Output is shuffled (or ordered by a score) across
 * shuffle_partitions partitions.
 */
@StageInfo(name = "mix", description = "Token-weighted mixture by a metadata key (up-sampling to a cap of epochs, down-sampling otherwise); report of target vs achieved.")
public final class Mix implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "metadata key the weights name values of (source, lang, domain...)", defaultValue = "source") String key,
      @Param("target share per value, in tokens, e.g. {zh: 4, en: 4, code: 2}; '*' = all other values; 'a,b' = values sharing a target") Map<String, Double> weights,
      @Param(value = "tokens in the mixture (0 = the most the caps allow)", defaultValue = "0") long totalTokens,
      @Param(value = "most times one document may be used", defaultValue = "1.0") double maxEpochs,
      @Param(value = "stage label written to metadata 'stage' ('' = none)", defaultValue = "''") String stage,
      @Param(value = "metadata key of a score whose high values are preferred ('' = none)", defaultValue = "''") String boostKey,
      @Param(value = "documents scoring at least this are boosted", defaultValue = "0.0") double boostAbove,
      @Param(value = "how many times likelier a boosted document is chosen", defaultValue = "1.0") double boost,
      @Param(value = "shuffle, ascending or descending (by score_key: easy to hard)", defaultValue = "shuffle") String order,
      @Param(value = "metadata key ordered by", defaultValue = "''") String scoreKey,
      @Param(value = "metadata key of near-duplicate clusters (a document without one is its own)", defaultValue = "minhash_dedup.cluster") String clusterKey,
      @Param(value = "members of one cluster (and repeats of one document) at least this many tokens apart (0 = off)", defaultValue = "0") long clusterGapTokens)
      implements java.io.Serializable {}

  private final Mixer mixer;

  public Mix(Config c) {
    mixer = new Mixer(List.of(new MixSpec(c.stage(), c.key(), c.weights(), c.totalTokens(), c.maxEpochs(), c.boostKey(), c.boostAbove(),
        c.boost(), c.order(), c.scoreKey())), c.clusterKey(), c.clusterGapTokens());
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext context) {
    return mixer.apply(docs, context);
  }
}
