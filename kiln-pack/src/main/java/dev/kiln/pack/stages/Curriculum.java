package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Named training stages drawn from one corpus, each a mixture of its own (shares, budget, epochs,
 * a boost for documents above a quality score, shuffled or ordered easy to hard): e.g. stage1
 * general, stage2 annealing with more high-quality documents and chosen sources. Documents may
 * serve in several stages. Each stage fills its own output partitions in order and labels its
 * documents (metadata {@code stage}); pack records the stage per shard and sequence, so a trainer
 * can point stage two at stage one's shards too.
 */
@StageInfo(name = "curriculum", description = "Named stages, each a token-weighted mixture (boost by score, shuffle or easy-to-hard order); near-duplicates spaced apart.")
public final class Curriculum implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param("the stages, in training order: [{name, weights, total_tokens, max_epochs, key, boost_key, boost_above, boost, order, score_key}, ...]") List<Map<String, Object>> stages,
      @Param(value = "metadata key the weights refer to, unless a stage names its own", defaultValue = "source") String key,
      @Param(value = "metadata key of near-duplicate clusters (a document without one is its own)", defaultValue = "minhash_dedup.cluster") String clusterKey,
      @Param(value = "members of one cluster (and repeats of one document) at least this many tokens apart (0 = off)", defaultValue = "0") long clusterGapTokens)
      implements java.io.Serializable {}

  private final Mixer mixer;

  public Curriculum(Config c) {
    List<MixSpec> specs = new ArrayList<>();
    for (Map<String, Object> m : c.stages()) {
      specs.add(MixSpec.fromMap(m, c.key()));
    }
    checkArgument(!(specs.stream().map(MixSpec::name).distinct().count() != specs.size() || specs.stream().anyMatch(s -> s.name().isEmpty())), "curriculum stages need distinct, non-empty names");
    mixer = new Mixer(specs, c.clusterKey(), c.clusterGapTokens());
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext context) {
    return mixer.apply(docs, context);
  }
}
