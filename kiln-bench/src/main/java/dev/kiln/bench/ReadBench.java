package dev.kiln.bench;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.util.Json;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.pipeline.PipelineRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code kiln bench read}: the pass-through pipeline (read, parse, write shards) against the raw
 * limit of the same file (decompress and JSON-parse every line, nothing else) in one run. Speeds
 * are in MB/s of uncompressed input; each side takes the best of its rounds after a warm-up.
 */
public final class ReadBench {
  /** A JSONL file, the pipeline's threads, measured rounds per side. */
  public record Options(Path input, int threads, int rounds) {}

  private ReadBench() {}

  /**
   * Runs the bench on the local engine {@code localEngine} makes for a thread count; prints the
   * figures and, last, the JSON summary, which it returns.
   */
  public static Map<String, Object> run(Options o, IntFunction<EngineFactory> localEngine, PrintStream out) throws Exception {
    Path tmp = Files.createTempDirectory("kiln-bench-read");
    try {
      long bytes = RawReadLimit.pass(o.input());
      double raw = 0;
      double kiln = 0;
      for (int r = 0; r <= o.rounds(); r++) {
        // Round 0 warms up both sides and is not counted.
        double rawMbs = bytes / 1e6 / Timing.time(() -> RawReadLimit.pass(o.input()));
        double kilnMbs = bytes / 1e6 / Timing.time(() -> pipeline(o, localEngine.apply(o.threads()), tmp));
        if (r > 0) {
          raw = Math.max(raw, rawMbs);
          kiln = Math.max(kiln, kilnMbs);
        }
      }
      out.printf(Locale.ROOT, "input: %s (%.1f MB uncompressed)%n", o.input(), bytes / 1e6);
      out.printf(Locale.ROOT, "raw limit (decompress + JSON parse, 1 thread): %.1f MB/s%n", raw);
      out.printf(Locale.ROOT, "kiln pass-through (read, parse, write zst shards, %d threads): %.1f MB/s%n", o.threads(), kiln);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("raw_mb_s", Timing.round(raw));
      result.put("kiln_mb_s", Timing.round(kiln));
      result.put("ratio", Timing.round(kiln / raw));
      result.put("threads", o.threads());
      out.println(Json.MAPPER.writeValueAsString(result));
      return result;
    } finally {
      BenchFiles.deleteTree(tmp);
    }
  }

  private static RunStats pipeline(Options o, EngineFactory engine, Path tmp) throws Exception {
    String yaml = "inputs: [" + Json.MAPPER.writeValueAsString(o.input().toAbsolutePath().toString()) + "]\n"
        + "output: " + Json.MAPPER.writeValueAsString(tmp.resolve("out").toString()) + "\n";
    Recipe recipe = new RecipeParser(StageRegistry.load()).parse(yaml, tmp);
    return PipelineRun.execute(recipe, engine, true, e -> {});
  }
}
