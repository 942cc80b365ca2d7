package dev.kiln.cli;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeException;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.util.Json;
import dev.kiln.pipeline.PipelineRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln apply STAGE --input IN --output OUT}: one stage alone on JSONL. It runs as a one-stage
 * recipe, so accounting, quarantine and determinism are exactly those of {@code run}.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Runs one stage alone on JSONL (compression by extension). Logs and stats go to OUT.kiln/ beside OUT.")
public final class ApplyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "STAGE", description = "a stage name (see 'kiln stages')")
  String stage;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a stage parameter (YAML value), repeatable")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--input", required = true, description = "input JSONL file, directory or glob")
  String input;

  @Option(names = "--output", required = true, description = "output JSONL file (.jsonl, .jsonl.gz, .jsonl.zst)")
  Path output;

  @Option(names = "--text-field", defaultValue = "text", description = "field holding the text (default: ${DEFAULT-VALUE})")
  String textField;

  @Option(names = "--id-field", defaultValue = "id", description = "field holding the id (default: ${DEFAULT-VALUE})")
  String idField;

  @Option(names = "--seed", defaultValue = "0", description = "seed for stages that sample")
  long seed;

  @Option(names = "--max-quarantine-rate", defaultValue = "0.05",
      description = "fail when more than this share of input records is quarantined (default: ${DEFAULT-VALUE})")
  double maxQuarantineRate;

  @Option(names = "--threads", description = "worker threads (default: all cores)")
  int threads;

  @Mixin
  ProgressOptions progress;

  @Mixin
  CheckOptions checks;

  @Override
  public Integer call() throws Exception {
    Recipe recipe;
    try {
      recipe = new RecipeParser(StageRegistry.load()).parse(recipeYaml(), Path.of("").toAbsolutePath());
    } catch (RecipeException e) {
      System.err.println("error: " + e.getMessage().replaceFirst("^line \\d+: ", ""));
      return 2;
    }
    Path out = output.toAbsolutePath();
    return Runs.execute(recipe, progress.options("the same kiln apply command", checks),
        onEngine -> PipelineRun.executeToFile(recipe, out, Engines.local(threads), onEngine));
  }

  /** The one-stage recipe, in YAML's JSON subset so paths and names need no escaping rules of our own. */
  private String recipeYaml() throws Exception {
    StringBuilder stageParams = new StringBuilder("{");
    for (Map.Entry<String, String> e : params.entrySet()) {
      stageParams.append(stageParams.length() > 1 ? ", " : "").append(Json.MAPPER.writeValueAsString(e.getKey())).append(": ").append(e.getValue());
    }
    stageParams.append('}');
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("path", input);
    in.put("text_field", textField);
    in.put("id_field", idField);
    return "seed: " + seed + "\n"
        + "inputs: [" + Json.MAPPER.writeValueAsString(in) + "]\n"
        + "stages:\n  - " + Json.MAPPER.writeValueAsString(stage) + ": " + stageParams + "\n"
        + "output: " + Json.MAPPER.writeValueAsString(output.toAbsolutePath() + ".kiln") + "\n"
        + "engine: {max_quarantine_rate: " + maxQuarantineRate + "}\n";
  }
}
