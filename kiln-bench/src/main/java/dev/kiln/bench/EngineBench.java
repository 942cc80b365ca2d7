package dev.kiln.bench;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.util.Json;
import dev.kiln.io.FileSplit;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.pipeline.Pipeline;
import dev.kiln.pipeline.PipelineRun;
import dev.kiln.spark.SparkEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code kiln bench engine}: one recipe on the local engine and on Spark {@code local[N]} in the
 * same run, on the same input and cores: throughput, Spark's overhead ratio (Spark's start-up
 * reported apart: a CLI run pays it once), and how the global phases (dedup) scale from 1 to N
 * cores on each. The global phases are timed alone: the recipe's stages before its first global
 * stage run once into shards, and a recipe of the remaining stages reads those shards. Runs of the
 * two engines alternate within each round, so a busy machine slows both alike; each figure is the
 * best of its rounds, after a warm-up run of each engine.
 */
public final class EngineBench {
  /**
   * The recipe; local engine threads and Spark local[N] cores; timed rounds per measurement (after
   * a warm-up); whether to also time the global phases alone at 1 and N cores on both engines.
   */
  public record Options(Path recipe, int cores, int rounds, boolean scaling) {}

  private final Options o;
  private final IntFunction<EngineFactory> localEngine;
  private final PrintStream out;

  private EngineBench(Options o, IntFunction<EngineFactory> localEngine, PrintStream out) {
    this.o = o;
    this.localEngine = localEngine;
    this.out = out;
  }

  /**
   * Runs the local side on the engine {@code localEngine} makes for a thread count; prints the
   * figures and, last, the JSON summary, which it returns.
   */
  public static Map<String, Object> run(Options o, IntFunction<EngineFactory> localEngine, PrintStream out) throws Exception {
    return new EngineBench(o, localEngine, out).run();
  }

  /** Total bytes of a recipe's input files. */
  static long inputBytes(Recipe recipe) {
    return Pipeline.splits(recipe).stream().mapToLong(FileSplit::size).sum();
  }

  private Map<String, Object> run() throws Exception {
    Path recipeFile = o.recipe();
    int cores = o.cores();
    int rounds = o.rounds();
    Recipe full = new RecipeParser(StageRegistry.load()).parse(recipeFile);
    long bytes = inputBytes(full);
    Path tmp = Files.createTempDirectory("kiln-bench-engine");
    try {
      int firstGlobal = 0;
      while (firstGlobal < full.stages().size() && !(full.stages().get(firstGlobal).stage() instanceof GlobalStage)) {
        firstGlobal++;
      }
      boolean hasGlobal = o.scaling() && firstGlobal < full.stages().size();
      Recipe globalOnly = null;
      long globalBytes = 0;
      if (hasGlobal) {
        // What reaches the first global stage, written once; the global phases then read it.
        Recipe prefix = new Recipe(full.inputs(), full.stages().subList(0, firstGlobal), full.output(), full.seed(), full.engine(), full.hash() + "-prefix");
        Path prepared = tmp.resolve("prepared");
        run(prefix, localEngine.apply(cores), prepared);
        Recipe reading = new RecipeParser(StageRegistry.load()).parse("inputs: [" + Json.MAPPER.writeValueAsString(prepared.toString()) + "]\noutput: out\n", tmp);
        globalOnly = new Recipe(reading.inputs(), full.stages().subList(firstGlobal, full.stages().size()), full.output(), full.seed(), full.engine(), full.hash() + "-global");
        globalBytes = inputBytes(globalOnly);
      }
      List<Integer> coreCounts = hasGlobal && cores > 1 ? List.of(cores, 1) : List.of(cores);
      Map<Integer, double[]> local = new LinkedHashMap<>();
      Map<Integer, double[]> spark = new LinkedHashMap<>();
      double startup = 0;
      double cold = 0;
      boolean identical = false;
      for (int c : coreCounts) {
        boolean main = c == cores;
        EngineFactory le = localEngine.apply(c);
        Path localOut = tmp.resolve("local-" + c);
        Path sparkOut = tmp.resolve("spark-" + c);
        long t0 = System.nanoTime();
        JavaSparkContext jsc = new JavaSparkContext(SparkEngine.conf(new SparkEngine.Options("local[" + c + "]", tmp.resolve("spark-work"), tmp, Map.of())));
        try {
          double up = seconds(t0);
          EngineFactory se = (work, logs, spec) -> new SparkEngine(jsc, logs);
          double first = run(full, se, sparkOut);
          run(full, le, localOut);
          if (main) {
            startup = up;
            cold = up + first;
            identical = sameShards(localOut, sparkOut);
          }
          // {full recipe, global phases alone}, best of the rounds; the engines alternate.
          double[] l = {Double.MAX_VALUE, Double.MAX_VALUE};
          double[] s = {Double.MAX_VALUE, Double.MAX_VALUE};
          for (int r = 0; r < Math.max(1, rounds); r++) {
            if (main) {
              l[0] = Math.min(l[0], run(full, le, localOut));
              s[0] = Math.min(s[0], run(full, se, sparkOut));
            }
            if (hasGlobal) {
              l[1] = Math.min(l[1], run(globalOnly, le, tmp.resolve("local-global-" + c)));
              s[1] = Math.min(s[1], run(globalOnly, se, tmp.resolve("spark-global-" + c)));
            }
          }
          local.put(c, l);
          spark.put(c, s);
        } finally {
          jsc.stop();
        }
      }

      double mb = bytes / 1e6;
      double ls = local.get(cores)[0];
      double ss = spark.get(cores)[0];
      out.printf(Locale.ROOT, "recipe: %s (%.1f MB of input, %d stages)%n", recipeFile, mb, full.stages().size());
      out.printf(Locale.ROOT, "local engine, %d threads: %.2f s, %.1f MB/s%n", cores, ls, mb / ls);
      out.printf(Locale.ROOT, "spark local[%d]:          %.2f s, %.1f MB/s (start-up %.2f s more; first run with start-up %.2f s)%n",
          cores, ss, mb / ss, startup, cold);
      out.printf(Locale.ROOT, "overhead ratio (spark / local time): %.2f; identical shards: %s%n", ss / ls, identical);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("recipe", recipeFile.toString());
      result.put("input_mb", Timing.round(mb));
      result.put("cores", cores);
      result.put("rounds", Math.max(1, rounds));
      result.put("local_s", Timing.round(ls));
      result.put("local_mb_s", Timing.round(mb / ls));
      result.put("spark_s", Timing.round(ss));
      result.put("spark_mb_s", Timing.round(mb / ss));
      result.put("overhead_ratio", Timing.round(ss / ls));
      result.put("spark_startup_s", Timing.round(startup));
      result.put("spark_cold_run_s", Timing.round(cold));
      result.put("cold_overhead_ratio", Timing.round(cold / ls));
      result.put("identical_output", identical);
      if (hasGlobal) {
        out.printf(Locale.ROOT, "global phases alone (%s over %.1f MB of prepared shards):%n",
            String.join(", ", full.stages().subList(firstGlobal, full.stages().size()).stream().map(Recipe.NamedStage::accountName).toList()), globalBytes / 1e6);
        Map<String, Object> phases = new LinkedHashMap<>();
        Map<String, Object> lp = new LinkedHashMap<>();
        Map<String, Object> sp = new LinkedHashMap<>();
        for (int c : coreCounts.stream().sorted().toList()) {
          out.printf(Locale.ROOT, "  %d core(s): local %.2f s, spark %.2f s%n", c, local.get(c)[1], spark.get(c)[1]);
          lp.put(String.valueOf(c), Timing.round(local.get(c)[1]));
          sp.put(String.valueOf(c), Timing.round(spark.get(c)[1]));
        }
        phases.put("local", lp);
        phases.put("spark", sp);
        result.put("global_phases_s", phases);
        if (coreCounts.size() > 1) {
          Map<String, Object> speedup = new LinkedHashMap<>();
          speedup.put("local", Timing.round(local.get(1)[1] / local.get(cores)[1]));
          speedup.put("spark", Timing.round(spark.get(1)[1] / spark.get(cores)[1]));
          result.put("global_speedup_1_to_" + cores, speedup);
        }
      }
      out.println(Json.MAPPER.writeValueAsString(result));
      return result;
    } finally {
      BenchFiles.deleteTree(tmp);
    }
  }

  /** One run into {@code output} (replaced); returns seconds. */
  private static double run(Recipe r, EngineFactory engines, Path output) throws IOException {
    BenchFiles.deleteTree(output);
    Recipe redirected = new Recipe(r.inputs(), r.stages(), new Recipe.OutputSpec(output, r.output().compression()), r.seed(), r.engine(), r.hash());
    long t0 = System.nanoTime();
    PipelineRun.execute(redirected, engines, true, e -> {});
    return seconds(t0);
  }

  private static boolean sameShards(Path a, Path b) throws IOException {
    List<Path> fa = parts(a);
    List<Path> fb = parts(b);
    if (fa.size() != fb.size() || fa.isEmpty()) {
      return false;
    }
    for (int i = 0; i < fa.size(); i++) {
      if (!fa.get(i).getFileName().equals(fb.get(i).getFileName()) || !Arrays.equals(Files.readAllBytes(fa.get(i)), Files.readAllBytes(fb.get(i)))) {
        return false;
      }
    }
    return Arrays.equals(Files.readAllBytes(a.resolve(PipelineRun.STATS)), Files.readAllBytes(b.resolve(PipelineRun.STATS)));
  }

  private static List<Path> parts(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
