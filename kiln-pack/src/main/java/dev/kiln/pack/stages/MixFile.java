package dev.kiln.pack.stages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code STAGE.mix.json}, what a mix, replay or curriculum stage chose before moving any document:
 * per mixture its token budget against the tokens achieved, and per group (a weight's value or
 * values) target against available and achieved tokens. Written and read here only.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MixFile(String stage, List<Mixture> mixtures) {
  public static final String SUFFIX = ".mix.json";

  /** One mixture (a curriculum stage, or the only one of mix and replay) and its groups, by name. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Mixture(String name, String key, String order, long targetTokens, long achievedTokens,
      LinkedHashMap<String, Group> groups) {}

  /** One group: shares and tokens, the epochs used; with a boost key, the boosted tokens and both rates (else null). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Group(double targetShare, long targetTokens, long availableTokens, long achievedTokens, double epochs,
      Long boostedAvailableTokens, Double rateBoosted, Double rateOthers, double achievedShare) {
    /** The same group with its share of the mixture's achieved tokens, known once every group is decided. */
    Group withAchievedShare(double share) {
      return new Group(targetShare, targetTokens, availableTokens, achievedTokens, epochs, boostedAvailableTokens, rateBoosted,
          rateOthers, share);
    }
  }

  /** The file of a stage in the output directory ('#' of a repeated stage's name as '-'). */
  private static Path path(Path outputDir, String stageName) {
    return outputDir.resolve(stageName.replace('#', '-') + SUFFIX);
  }

  void write(Path outputDir) throws IOException {
    Path f = path(outputDir, stage);
    Files.createDirectories(f.getParent());
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), this);
  }

  public static MixFile read(Path file) throws IOException {
    return Json.MAPPER.readValue(file.toFile(), MixFile.class);
  }

  /** The mix files of an output directory, in name order. */
  public static List<Path> list(Path outputDir) throws IOException {
    try (Stream<Path> s = Files.list(outputDir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }
}
