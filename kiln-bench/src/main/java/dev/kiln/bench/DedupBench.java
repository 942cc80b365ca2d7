package dev.kiln.bench;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.util.Json;
import dev.kiln.dedup.ClusterExport;
import dev.kiln.dedup.Shingles;
import dev.kiln.dedup.eval.ExactJaccard;
import dev.kiln.dedup.eval.LabelledSet;
import dev.kiln.dedup.eval.PairMetrics;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.pipeline.PipelineRun;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code kiln bench dedup}: Kiln's minhash_dedup and Spark MLlib's MinHashLSH (approxSimilarityJoin,
 * local mode) on the same documents, shingles and threshold, in one run. Both are scored against the
 * exact truth (every pair with Jaccard >= threshold, by an exact prefix-filter join) as pair
 * precision and recall; speeds are documents per second of wall time and the ratio of the two.
 * Each side first runs the whole set {@code warmups} times (JIT, Spark's code generation), then
 * {@code rounds} timed runs; wall and CPU seconds are the medians of those rounds.
 * A labelled set ({@code en} or {@code zh}) is first built from the shared corpora.
 */
public final class DedupBench {
  /**
   * What to measure.
   *
   * @param input JSONL documents (id, text); or null with {@code labelled}
   * @param labelled en or zh: build the labelled set from the shared corpora; or null
   * @param corpora the shared corpora directory (null: $KILN_SHARED/corpora or ../shared/corpora)
   * @param originals originals in a labelled set (null: 3000 for en, 10000 for zh)
   * @param save also write the documents benchmarked to this JSONL file; or null
   * @param sample at most this many documents, the first (null: 30000 of an input, all of a labelled set)
   * @param threshold the Jaccard threshold
   * @param threads threads for both sides
   * @param noSpark skip the Spark MLlib side
   * @param rounds timed rounds per side after the warm-up runs
   * @param warmups untimed runs of the whole set per side before the rounds
   * @param sparkTables MLlib's hash tables
   * @param params minhash_dedup parameters (YAML values) for Kiln's side
   */
  public record Options(Path input, String labelled, Path corpora, Integer originals, Path save, Integer sample, double threshold,
      int threads, boolean noSpark, int rounds, int warmups, int sparkTables, Map<String, String> params) {}

  private final Options o;
  private final IntFunction<EngineFactory> localEngine;
  private final PrintStream out;

  private DedupBench(Options o, IntFunction<EngineFactory> localEngine, PrintStream out) {
    this.o = o;
    this.localEngine = localEngine;
    this.out = out;
  }

  /**
   * Runs Kiln's side on the local engine {@code localEngine} makes for a thread count; prints the
   * figures and, last, the JSON summary, which it returns.
   */
  public static Map<String, Object> run(Options o, IntFunction<EngineFactory> localEngine, PrintStream out) throws Exception {
    return new DedupBench(o, localEngine, out).run();
  }

  private Map<String, Object> run() throws Exception {
    int rounds = o.rounds();
    int warmups = o.warmups();
    double threshold = o.threshold();
    Integer sample = o.sample();
    String labelled = o.labelled();
    checkArgument(rounds >= 1 && warmups >= 0, "need --rounds >= 1 and --warmups >= 0, got " + rounds + " and " + warmups);
    int limit = sample != null ? sample : labelled != null ? Integer.MAX_VALUE : 30000;
    List<Document> docs = labelled != null ? labelledSet() : BenchFiles.read(o.input(), limit);
    if (docs.size() > limit) {
      docs = docs.subList(0, limit);
    }
    Path tmp = Files.createTempDirectory("kiln-bench-dedup");
    try {
      Path file = o.save() != null ? o.save() : tmp.resolve("docs.jsonl");
      BenchFiles.write(docs, file);
      int n = docs.size();
      long[][] sh = new long[n][];
      long textBytes = 0;
      for (int i = 0; i < n; i++) {
        sh[i] = Shingles.of(docs.get(i).text(), Shingles.Mode.AUTO, 5, 5);
        textBytes += docs.get(i).text().length();
      }
      long t0 = System.nanoTime();
      List<int[]> truth = ExactJaccard.pairs(java.util.Arrays.asList(sh), threshold);
      out.printf(Locale.ROOT, "documents: %,d (%.1f MB of text); true pairs (exact Jaccard >= %.2f): %,d, found in %.1f s%n",
          n, textBytes / 1e6, threshold, truth.size(), (System.nanoTime() - t0) / 1e9);

      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < n; i++) {
        index.put(docs.get(i).id(), i);
      }
      // Kiln: warm-up runs of the whole recipe (read, dedup, write), then the timed rounds.
      for (int w = 0; w < warmups; w++) {
        kiln(file, tmp.resolve("kiln-warm-" + w));
      }
      double[] kilnWall = new double[rounds];
      double[] kilnCpus = new double[rounds];
      Path kilnOut = null;
      for (int r = 0; r < rounds; r++) {
        long cpu0 = cpuNanos();
        long k0 = System.nanoTime();
        kilnOut = kiln(file, tmp.resolve("kiln-out-" + r));
        kilnWall[r] = (System.nanoTime() - k0) / 1e9;
        kilnCpus[r] = (cpuNanos() - cpu0) / 1e9;
      }
      out.println("kiln rounds (wall / CPU s): " + rounds(kilnWall, kilnCpus));
      double kilnSecs = Timing.median(kilnWall);
      double kilnCpu = Timing.median(kilnCpus);
      int[] kilnLabels = new int[n];
      for (int i = 0; i < n; i++) {
        kilnLabels[i] = i;
      }
      ClusterExport.droppedClusters(kilnOut.resolve("dropped"), "minhash_dedup").forEach((id, cluster) -> kilnLabels[index.get(id)] = index.get(cluster));
      PairMetrics km = PairMetrics.of(kilnLabels, truth);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("documents", n);
      result.put("warmups", warmups);
      result.put("rounds", rounds);
      result.put("true_pairs", truth.size());
      result.put("kiln", side(n, kilnSecs, kilnCpu, km));
      report("kiln minhash_dedup", n, kilnSecs, kilnCpu, km);
      if (!o.noSpark()) {
        double[] timing = new double[2];
        List<int[]> pairs = spark(sh, tmp, timing);
        PairMetrics sm = PairMetrics.of(PairMetrics.components(n, pairs), truth);
        report("spark mllib MinHashLSH (" + o.sparkTables() + " tables)", n, timing[0], timing[1], sm);
        result.put("spark_mllib", side(n, timing[0], timing[1], sm));
        result.put("speed_ratio", Math.round(timing[0] / kilnSecs * 100) / 100.0);
        result.put("cpu_ratio", Math.round(timing[1] / kilnCpu * 100) / 100.0);
        out.printf(Locale.ROOT, "kiln is %.1fx faster (wall), %.1fx (CPU)%n", timing[0] / kilnSecs, timing[1] / kilnCpu);
      }
      out.println(Json.MAPPER.writeValueAsString(result));
      return result;
    } finally {
      BenchFiles.deleteTree(tmp);
    }
  }

  private static String rounds(double[] wall, double[] cpu) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < wall.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f / %.2f", wall[i], cpu[i]));
    }
    return b.toString();
  }

  private static Map<String, Object> side(int n, double secs, double cpu, PairMetrics m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("seconds", Math.round(secs * 100) / 100.0);
    s.put("cpu_seconds", Math.round(cpu * 100) / 100.0);
    s.put("docs_per_s", Math.round(n / secs));
    s.put("precision", round4(m.precision()));
    s.put("recall", round4(m.recall()));
    s.put("strict_precision", round4(m.strictPrecision()));
    s.put("strict_recall", round4(m.strictRecall()));
    return s;
  }

  private static double round4(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private void report(String name, int n, double secs, double cpu, PairMetrics m) {
    out.printf(Locale.ROOT, "%-40s %8.2f s wall %8.2f s CPU %10.0f docs/s  precision %.4f recall %.4f (strict pairs: %.4f / %.4f)%n",
        name, secs, cpu, n / secs, m.precision(), m.recall(), m.strictPrecision(), m.strictRecall());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Runs minhash_dedup as a recipe; returns the output directory. */
  private Path kiln(Path in, Path output) throws Exception {
    StringBuilder p = new StringBuilder("{\"threshold\": " + o.threshold());
    o.params().forEach((k, v) -> p.append(", ").append(k).append(": ").append(v));
    p.append('}');
    String yaml = "inputs: [" + Json.MAPPER.writeValueAsString(in.toString()) + "]\n"
        + "stages:\n  - minhash_dedup: " + p + "\n"
        + "output: " + Json.MAPPER.writeValueAsString(output.toString()) + "\n"
        + "engine: {threads: " + o.threads() + "}\n";
    Recipe recipe = new RecipeParser(StageRegistry.load()).parse(yaml, in.getParent());
    PipelineRun.execute(recipe, localEngine.apply(o.threads()), true, e -> {});
    return output;
  }

  /** MLlib in a child JVM with the flags Spark needs on Java 17; returns its pairs, fills {wall, cpu} median seconds. */
  private List<int[]> spark(long[][] sh, Path tmp, double[] timing) throws Exception {
    Path shingles = tmp.resolve("shingles.bin");
    try (DataOutputStream w = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(shingles), 1 << 16))) {
      w.writeInt(sh.length);
      for (long[] s : sh) {
        // The same shingles as indices below 2^30 (MLlib hashes indices modulo a prime near 2^31).
        java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
        for (long h : s) {
          idx.add((int) (h >>> 34));
        }
        w.writeInt(idx.size());
        for (int i : idx) {
          w.writeInt(i);
        }
      }
    }
    Path pairsFile = tmp.resolve("pairs.bin");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g"));
    for (String pkg : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
        "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
      cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkMinHashLsh.class.getName(), shingles.toString(), pairsFile.toString(),
        String.valueOf(o.threshold()), String.valueOf(o.sparkTables()), String.valueOf(o.threads()), String.valueOf(o.warmups()),
        String.valueOf(o.rounds())));
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("spark.log").toFile()).start();
    int rc = proc.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("Spark MLlib side failed (exit " + rc + "):\n" + tail(tmp.resolve("spark.log")));
    }
    List<int[]> pairs = new ArrayList<>();
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(pairsFile)))) {
      int r = d.readInt();
      double[] wall = new double[r];
      double[] cpu = new double[r];
      for (int i = 0; i < r; i++) {
        wall[i] = d.readDouble();
        cpu[i] = d.readDouble();
      }
      timing[0] = Timing.median(wall);
      timing[1] = Timing.median(cpu);
      out.println("spark mllib rounds (wall / CPU s): " + rounds(wall, cpu));
      int k = d.readInt();
      for (int i = 0; i < k; i++) {
        pairs.add(new int[] {d.readInt(), d.readInt()});
      }
    }
    return pairs;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private List<Document> labelledSet() throws IOException {
    String labelled = o.labelled();
    Path dir = o.corpora() != null ? o.corpora() : Path.of(System.getenv().getOrDefault("KILN_SHARED", "../shared"), "corpora");
    List<Document> base = new ArrayList<>();
    boolean zh = labelled.equals("zh");
    checkArgument(zh || labelled.equals("en"), "--labelled is en or zh");
    // Originals: long and short real text of the language, with at least 30 words (or 60 CJK characters),
    // an equal share from each source; what a source lacks (fortunes and kernel-docs hold little
    // Chinese) is topped up from the sources in order, so the set has --originals originals.
    List<String> sources = zh ? List.of("chinese-poetry", "fortunes", "kernel-docs") : List.of("kernel-docs", "spam-assassin", "fortunes");
    int wanted = o.originals() != null ? o.originals() : zh ? 10000 : 3000;
    int per = wanted / sources.size();
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (int pass = 0; pass < 2 && base.size() < wanted; pass++) {
      for (String s : sources) {
        int quota = pass == 0 ? per : wanted - base.size();
        int[] n = {0};
        BenchFiles.scan(dir.resolve(s + ".jsonl.zst"), d -> {
          if (n[0] >= quota) {
            return false;
          }
          String lang = d.metaString("lang", "");
          boolean cjk = Shingles.resolve(d.text(), Shingles.Mode.AUTO) == Shingles.Mode.CHARS;
          int units = Shingles.units(d.text(), Shingles.Mode.WORDS).length;
          if ((zh ? lang.startsWith("zh") && cjk && units >= 60 : lang.equals("en") && !cjk && units >= 30) && d.text().length() < 20000
              && taken.add(s + "\u0000" + d.id())) {
            base.add(d);
            n[0]++;
          }
          return true;
        });
      }
    }
    return LabelledSet.build(base, zh, 42);
  }
}
