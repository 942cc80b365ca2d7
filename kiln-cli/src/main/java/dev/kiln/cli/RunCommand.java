package dev.kiln.cli;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeException;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.io.FileSplit;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.pipeline.Pipeline;
import dev.kiln.core.stats.RunStats;
import dev.kiln.pipeline.DryRun;
import dev.kiln.pipeline.PipelineRun;
import dev.kiln.pipeline.RecipeChecks;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln run RECIPE.yaml}: the whole pipeline. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs a recipe: inputs, stages, output; on this machine or on Spark.")
public final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RECIPE.yaml", description = "the recipe")
  Path recipeFile;

  @Option(names = "--threads", description = "worker threads (default: the recipe's, else all cores)")
  int threads;

  @Option(names = "--engine", paramLabel = "local|spark",
      description = "where to run: local (threads and disk) or spark (default: the recipe's engine.name, else local)")
  String engine;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master for --engine spark: local[N], spark://HOST:PORT, yarn, k8s://... (default: the one spark-submit set, else local[*], or local[THREADS] with --threads)")
  String master;

  @Option(names = "--overwrite", description = "replace an output directory that holds another recipe's run")
  boolean overwrite;

  @Mixin
  ProgressOptions progress;

  @Mixin
  CheckOptions checks;

  @Option(names = "--dry-run", description = "check the recipe without running it: list its inputs and run its per-document stages on the first records of each file")
  boolean dryRun;

  @Option(names = "--sample", defaultValue = "200", paramLabel = "RECORDS", description = "with --dry-run, records read from each file (default: ${DEFAULT-VALUE})")
  int sampleRecords;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(recipeFile)) {
      System.err.println("error: cannot read recipe " + recipeFile);
      return 2;
    }
    Recipe recipe;
    try {
      recipe = new RecipeParser(StageRegistry.load()).parse(recipeFile);
    } catch (RecipeException e) {
      System.err.println("recipe error: " + recipeFile + ": " + e.getMessage());
      return 2;
    }
    if (dryRun) {
      RunStats sample = DryRun.run(recipe, sampleRecords, System.out);
      List<String> warnings = RecipeChecks.warnings(recipe, sample, checks.warnDropShare);
      warnings.forEach(w -> System.err.println("warning: " + w));
      return warnings.isEmpty() || !checks.strict ? 0 : Runs.STRICT;
    }
    String name = engine != null ? engine : recipe.engine().name();
    if (!Engines.NAMES.contains(name)) {
      System.err.println("error: unknown engine '" + name + "'; engines: " + String.join(", ", Engines.NAMES));
      return 2;
    }
    if (master != null && !name.equals("spark")) {
      System.err.println("error: --master is for --engine spark");
      return 2;
    }
    if (!overwrite && Runs.alreadyComplete(recipe)) {
      return 0;
    }
    EngineFactory engines = Engines.named(name, threads, master);
    String again = "kiln run " + recipeFile + (engine != null ? " --engine " + engine : "") + (master != null ? " --master " + master : "");
    return Runs.execute(recipe, progress.options(again, checks), onEngine -> PipelineRun.execute(recipe, engines, overwrite, onEngine));
  }

  /** Total input bytes, for the progress bar's ETA. */
  static long inputBytes(Recipe recipe) {
    return Pipeline.splits(recipe).stream().mapToLong(FileSplit::size).sum();
  }
}
