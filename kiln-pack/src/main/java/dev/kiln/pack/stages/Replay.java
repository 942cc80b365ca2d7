package dev.kiln.pack.stages;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay for continued pretraining: a domain corpus with a given share of general data mixed in,
 * against forgetting. The same sampler as {@code mix}, with weights {domain values: 1 - share,
 * everything else: share}.
 */
@StageInfo(name = "replay", description = "Continued pretraining: domain data plus a share (in tokens) of general data replayed against forgetting.")
public final class Replay implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "metadata key that tells domain from general data", defaultValue = "domain") String key,
      @Param("values of the key that are the domain corpus") List<String> domain,
      @Param(value = "share of tokens replayed from general data", defaultValue = "0.1") double share,
      @Param(value = "tokens in the mixture (0 = all of the domain data)", defaultValue = "0") long totalTokens,
      @Param(value = "most times one document may be used", defaultValue = "1.0") double maxEpochs,
      @Param(value = "stage label written to metadata 'stage'", defaultValue = "''") String stage)
      implements java.io.Serializable {}

  private final Mixer mixer;

  public Replay(Config c) {
    checkArgument(!c.domain().isEmpty() && c.share() >= 0 && c.share() < 1, "replay needs domain values and a share in [0, 1)");
    for (String d : c.domain()) {
      checkArgument(!d.contains(",") && !d.equals(MixSpec.OTHERS), "domain value '" + d + "' may not contain ',' or be '*'");
    }
    Map<String, Double> w = new LinkedHashMap<>();
    w.put(String.join(",", c.domain()), 1 - c.share());
    if (c.share() > 0) {
      w.put(MixSpec.OTHERS, c.share());
    }
    mixer = new Mixer(List.of(new MixSpec(c.stage(), c.key(), w, c.totalTokens(), c.maxEpochs(), "", 0, 1, "shuffle", "")), "", 0);
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext context) {
    return mixer.apply(docs, context);
  }
}
