package dev.kiln.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.util.Json;
import dev.kiln.io.LineReader;
import dev.kiln.io.Storage;
import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * {@code stats.json}, a finished run's accounting: the recipe's hash and seed, documents in and
 * out, the share of input quarantined, tokens written (when a stage counted them), and every
 * stage's counts in pipeline order. Written and read here only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsFile(String recipe, long seed, long documentsIn, long documentsOut, double quarantineRate, Long tokens,
    LinkedHashMap<String, StageStats.Counts> stages) {
  public static final String NAME = "stats.json";

  static StatsFile of(Recipe recipe, RunStats stats) {
    return new StatsFile(recipe.hash(), recipe.seed(), stats.stage(LineReader.STAGE).inCount(), Pipeline.documentsOut(stats),
        Pipeline.quarantineRate(stats), Pipeline.tokensOut(stats).isPresent() ? Pipeline.tokensOut(stats).getAsLong() : null,
        stats.counts());
  }

  /** The stages' accounting. */
  public RunStats runStats() {
    return RunStats.of(stages);
  }

  void write(String outputDir) throws IOException {
    Storage.of(outputDir).write(Storage.resolve(outputDir, NAME), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
  }

  /** The stats of the run in {@code outputDir} (a local path or a URL); null when it has none. */
  public static StatsFile read(String outputDir) throws IOException {
    Storage storage = Storage.of(outputDir);
    String file = Storage.resolve(outputDir, NAME);
    return storage.exists(file) ? Json.MAPPER.readValue(storage.readAllBytes(file), StatsFile.class) : null;
  }
}
