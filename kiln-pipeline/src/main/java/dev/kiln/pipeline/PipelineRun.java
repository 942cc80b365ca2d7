package dev.kiln.pipeline;

import dev.kiln.core.engine.Engine;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stats.RunStats;
import dev.kiln.io.Compression;
import dev.kiln.io.ShardWriter;
import dev.kiln.io.Storage;
import dev.kiln.pipeline.profile.ProfileFile;
import dev.kiln.pipeline.profile.Profiler;
import dev.kiln.pipeline.profile.RunProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One run of a recipe into an output directory: shards and manifests, {@code stats.json},
 * {@code quarantine/} and {@code dropped/} logs. Intermediate data lives in {@code .kiln-work/}
 * until the run succeeds, so a killed run started again resumes where it stopped.
 */
public final class PipelineRun {
  public static final String WORK = ".kiln-work";
  public static final String STATS = StatsFile.NAME;
  /** Samples for reports: {@link ProfileFile}. */
  public static final String PROFILE = ProfileFile.NAME;

  /** The run failed after writing its outputs because too much input was quarantined. */
  public static final class QuarantineLimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QuarantineLimitExceeded(String message) {
      super(message);
    }
  }

  private PipelineRun() {}

  /**
   * Runs the recipe into its output directory. {@code onEngine} sees the engine before work starts
   * (for progress bars). The output may be a URL (hdfs://, s3a://...) when the engine writes through
   * {@link Storage}; the engine's work directory is then a local temporary one, so such a run does
   * not resume.
   */
  public static RunStats execute(Recipe recipe, EngineFactory engines, boolean overwrite, Consumer<Engine> onEngine) {
    String out = recipe.output().location();
    Storage storage = Storage.of(out);
    boolean local = !Recipe.isUrl(out);
    Path work = null;
    try {
      clearOther(storage, out, recipe.hash(), overwrite);
      work = local ? Path.of(out).resolve(WORK) : Files.createTempDirectory("kiln-work");
      Compression compression = Compression.named(recipe.output().compression());
      RunStats stats;
      RunProfile profile;
      TimingFile timing;
      long start = System.nanoTime();
      try (Engine engine = engines.create(work, out, recipe.engine())) {
        // after the engine accepted the output: an engine that cannot write there leaves it untouched
        mark(storage, out, recipe.hash());
        onEngine.accept(engine);
        stats = Pipeline.run(recipe, engine, new ShardWriter(out, compression, recipe.hash()));
        profile = engine.accumulated(Profiler.ACCUMULATOR);
        timing = TimingFile.of(recipe, engine.activityTimes(), engine.accumulated(StageTimes.ACCUMULATOR), (System.nanoTime() - start) / 1e9);
      }
      writeProfile(storage, out, recipe, stats, profile);
      StatsFile.of(recipe, stats).write(out);
      timing.write(out);
      storage.delete(Storage.resolve(out, WORK));
      checkQuarantine(recipe, stats);
      return stats;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // A local output keeps its work directory until the run succeeds, for resume; a temporary one has no use after.
      if (!local && work != null) {
        try {
          Storage.LOCAL.delete(work.toString());
        } catch (IOException e) {
          System.err.println("warning: cannot delete " + work + ": " + e);
        }
      }
    }
  }

  /**
   * True when the output holds this recipe's finished run: its {@code stats.json} names the recipe
   * and no work directory is left (a run deletes it when it succeeds).
   */
  public static boolean complete(Recipe recipe) throws IOException {
    String out = recipe.output().location();
    StatsFile stats = StatsFile.read(out);
    return stats != null && recipe.hash().equals(stats.recipe()) && !Storage.of(out).exists(Storage.resolve(out, WORK));
  }

  /**
   * Steps of engine work a killed run of this recipe committed in its output's work directory (0 for
   * none, another recipe's or a URL output): what a new run will skip.
   */
  public static int committedSteps(Recipe recipe) throws IOException {
    String out = recipe.output().location();
    if (Recipe.isUrl(out)) {
      return 0;
    }
    Path work = Path.of(out).resolve(WORK);
    if (!Files.isDirectory(work) || !recipe.hash().equals(previousRecipe(Storage.LOCAL, out))) {
      return 0;
    }
    int n = 0;
    try (Stream<Path> steps = Files.list(work)) {
      for (Path step : steps.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(step)) {
          n += files.anyMatch(f -> f.getFileName().toString().endsWith(".done")) ? 1 : 0;
        }
      }
    }
    return n;
  }

  /**
   * Runs the recipe into one file (the {@code apply} command): shards go to {@code FILE.kiln/}
   * beside it with the logs and stats, and are then joined into FILE in order. zstd frames and gzip
   * members can be concatenated, so joining does not recompress.
   */
  public static RunStats executeToFile(Recipe recipe, Path file, EngineFactory engines, Consumer<Engine> onEngine) {
    Path side = file.resolveSibling(file.getFileName() + ".kiln");
    Compression compression = Compression.of(file.getFileName().toString());
    Recipe redirected = new Recipe(recipe.inputs(), recipe.stages(),
        new Recipe.OutputSpec(side, compression == Compression.ZSTD ? "zst" : compression == Compression.GZIP ? "gz" : "none"),
        recipe.seed(), recipe.engine(), recipe.hash());
    RunStats stats = execute(redirected, engines, true, onEngine);
    try {
      joinShards(side, file, compression);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stats;
  }

  private static void joinShards(Path side, Path file, Compression compression) throws IOException {
    List<Path> shards;
    try (Stream<Path> s = Files.list(side)) {
      shards = s.filter(p -> p.getFileName().toString().matches("part-\\d{5}\\.jsonl" + java.util.regex.Pattern.quote(compression.suffix())))
          .sorted().toList();
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream o = Files.newOutputStream(tmp)) {
      for (Path shard : shards) {
        Files.copy(shard, o);
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (Path shard : shards) {
      Files.delete(shard);
      Files.deleteIfExists(side.resolve(shard.getFileName().toString().replaceAll("\\.jsonl.*$", ".manifest.json")));
    }
  }

  /** Refuses, or with {@code overwrite} deletes, an output holding another recipe's run. */
  private static void clearOther(Storage storage, String out, String hash, boolean overwrite) throws IOException {
    String previous = previousRecipe(storage, out);
    if (previous != null && !previous.equals(hash)) {
      if (!overwrite) {
        throw new IllegalStateException("output " + out + " holds the run of a different recipe (" + previous.substring(0, 12)
            + "); choose another output or pass --overwrite");
      }
      storage.delete(out);
    }
  }

  /** Marks the output as this recipe's, finished or not. */
  private static void mark(Storage storage, String out, String hash) throws IOException {
    try (OutputStream o = storage.create(Storage.resolve(Storage.resolve(out, WORK), "recipe.sha256"))) {
      o.write(hash.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The recipe hash of whatever run is in the output directory, finished or not. */
  private static String previousRecipe(Storage storage, String out) throws IOException {
    String marker = Storage.resolve(Storage.resolve(out, WORK), "recipe.sha256");
    if (storage.exists(marker)) {
      return new String(storage.readAllBytes(marker), StandardCharsets.UTF_8).trim();
    }
    StatsFile stats = StatsFile.read(out);
    return stats == null ? null : stats.recipe();
  }

  /** {@code profile.json}: each stage's kind, type and parameters (defaults filled in), and what was sampled of it. */
  private static void writeProfile(Storage storage, String out, Recipe recipe, RunStats stats, RunProfile profile) throws IOException {
    Map<String, Recipe.NamedStage> named = new LinkedHashMap<>();
    recipe.stages().forEach(s -> named.put(s.accountName(), s));
    StageRegistry registry = StageRegistry.load();
    Map<String, ProfileFile.StageInfo> info = new LinkedHashMap<>();
    stats.stages().keySet().forEach(name -> {
      Recipe.NamedStage n = named.get(name);
      if (n == null) {
        info.put(name, new ProfileFile.StageInfo(name, null, null, null));
        return;
      }
      List<StageRegistry.Bound> bounds = registry.bounds(n.stage().name(), n.params());
      info.put(name, new ProfileFile.StageInfo(n.stage() instanceof GlobalStage ? "global" : "document", n.stage().name(), n.params(),
          bounds.isEmpty() ? null : bounds));
    });
    storage.write(Storage.resolve(out, PROFILE), ProfileFile.of(recipe.hash(), info, profile, Redaction.of(recipe)).toBytes());
  }

  private static void checkQuarantine(Recipe recipe, RunStats stats) {
    double rate = Pipeline.quarantineRate(stats);
    if (rate > recipe.engine().maxQuarantineRate()) {
      throw new QuarantineLimitExceeded(String.format(java.util.Locale.ROOT,
          "%.2f%% of input records were quarantined, above the limit of %.2f%% (engine.max_quarantine_rate); see %s",
          100 * rate, 100 * recipe.engine().maxQuarantineRate(), Storage.resolve(recipe.output().location(), "quarantine")));
    }
  }
}
