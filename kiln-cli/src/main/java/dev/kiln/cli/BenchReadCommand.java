package dev.kiln.cli;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.util.Json;
import dev.kiln.pipeline.PipelineRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench read}: the pass-through pipeline (read, parse, write shards) against the raw
 * limit of the same file (decompress and JSON-parse every line, nothing else) in one run. Speeds
 * are in MB/s of uncompressed input; each side takes the best of its rounds after a warm-up.
 */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Pass-through pipeline against the raw decompress+parse limit.")
public final class BenchReadCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "a JSONL file (.jsonl, .gz, .zst)")
  Path input;

  @Option(names = "--threads", description = "pipeline threads (default: all cores)")
  int threads;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds per side (default: ${DEFAULT-VALUE})")
  int rounds;

  @Override
  public Integer call() throws Exception {
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path tmp = Files.createTempDirectory("kiln-bench-read");
    try {
      long bytes = rawPass();
      double raw = 0;
      double kiln = 0;
      for (int r = 0; r <= rounds; r++) {
        // Round 0 warms up both sides and is not counted.
        double rawMbs = bytes / 1e6 / Timing.time(this::rawPass);
        double kilnMbs = bytes / 1e6 / Timing.time(() -> pipeline(tmp, t));
        if (r > 0) {
          raw = Math.max(raw, rawMbs);
          kiln = Math.max(kiln, kilnMbs);
        }
      }
      System.out.printf(Locale.ROOT, "input: %s (%.1f MB uncompressed)%n", input, bytes / 1e6);
      System.out.printf(Locale.ROOT, "raw limit (decompress + JSON parse, 1 thread): %.1f MB/s%n", raw);
      System.out.printf(Locale.ROOT, "kiln pass-through (read, parse, write zst shards, %d threads): %.1f MB/s%n", t, kiln);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("raw_mb_s", Timing.round(raw));
      result.put("kiln_mb_s", Timing.round(kiln));
      result.put("ratio", Timing.round(kiln / raw));
      result.put("threads", t);
      System.out.println(Json.MAPPER.writeValueAsString(result));
      return 0;
    } finally {
      try (var s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Decompresses and parses every line; returns the uncompressed bytes seen. */
  private long rawPass() throws Exception {
    return RawReadLimit.pass(input);
  }

  private RunStats pipeline(Path tmp, int t) throws Exception {
    String yaml = "inputs: [" + Json.MAPPER.writeValueAsString(input.toAbsolutePath().toString()) + "]\n"
        + "output: " + Json.MAPPER.writeValueAsString(tmp.resolve("out").toString()) + "\n";
    Recipe recipe = new RecipeParser(StageRegistry.load()).parse(yaml, tmp);
    return PipelineRun.execute(recipe, Engines.local(t), true, e -> {});
  }
}
