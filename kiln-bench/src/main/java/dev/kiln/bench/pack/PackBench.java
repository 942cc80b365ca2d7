package dev.kiln.bench.pack;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.core.util.Json;
import dev.kiln.pack.order.InContextOrder;
import dev.kiln.pack.order.LexicalEmbedder;
import dev.kiln.pack.order.Orders;
import dev.kiln.pack.packing.PackInput;
import dev.kiln.pack.packing.PackPlan;
import dev.kiln.pack.packing.Packers;
import dev.kiln.pack.packing.SequenceBuilder;
import dev.kiln.pack.stages.Tokenize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code kiln bench pack}: packing speed and quality on a real corpus. Tokenizes it once (not
 * timed), then on one thread times planning plus building every sequence (the work the pack stage
 * does per token, without disk) for concat and best_fit, against a reference measured in the same
 * run: copying the same tokens once with System.arraycopy. Reports truncation and padding rates per
 * mode, and for in_context the time to embed, build the graph and walk it, with the mean similarity
 * of adjacent documents against a random order.
 */
public final class PackBench {
  /** What to run. */
  public record Options(Path input, String tokenizer, int seqLen, int limit, int rounds, boolean inContext, int threads) {}

  private PackBench() {}

  public static Map<String, Object> run(Options o, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    List<String[]> docs = read(o.input(), o.limit());
    Tokenize tok = new Tokenize(new Tokenize.Config(o.tokenizer(), false, true, "", ""));
    int[][] ids = tokenize(docs, tok, o.threads());
    PackInput in = new PackInput("source", "source");
    for (int i = 0; i < docs.size(); i++) {
      in.add(docs.get(i)[0], ids[i], "", docs.get(i)[2], docs.get(i)[2]);
    }
    ids = null;
    log.accept(String.format(java.util.Locale.ROOT, "%s: %d documents, %d tokens (tokenized in %.1f s)", o.input().getFileName(), in.size(),
        in.totalTokens(), (System.nanoTime() - t0) / 1e9));
    int[] lengths = in.lengths();
    int[] all = Packers.identity(in.size());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("input", o.input().toString());
    r.put("documents", in.size());
    r.put("tokens", in.totalTokens());
    r.put("seq_len", o.seqLen());

    double copy = best(o.rounds(), () -> copyAll(in));
    double concat = best(o.rounds(), () -> materialize(Packers.concat(lengths, Orders.shuffled(all, 1), o.seqLen(), false), in));
    double bestFit = best(o.rounds(), () -> materialize(Packers.bestFit(lengths, all, o.seqLen()).shuffled(1), in));
    Map<String, Object> speed = new LinkedHashMap<>();
    speed.put("reference_arraycopy_mtok_s", round(in.totalTokens() / copy / 1e6));
    speed.put("concat_mtok_s", round(in.totalTokens() / concat / 1e6));
    speed.put("best_fit_mtok_s", round(in.totalTokens() / bestFit / 1e6));
    speed.put("concat_vs_reference", round(copy / concat));
    speed.put("best_fit_vs_reference", round(copy / bestFit));
    r.put("speed_one_thread", speed);
    log.accept("speed (one thread's CPU time, plan + build every sequence): " + speed);

    Map<String, Object> modes = new LinkedHashMap<>();
    modes.put("concat", rates(Packers.concat(lengths, Orders.shuffled(all, 1), o.seqLen(), false)));
    modes.put("best_fit", rates(Packers.bestFit(lengths, all, o.seqLen())));
    modes.put("cluster_by_source", rates(Packers.concat(lengths, Orders.grouped(all, in::groupValue, true, 1), o.seqLen(), false)));
    log.accept("truncation and padding: " + modes);
    if (o.inContext()) {
      long e0 = System.nanoTime();
      long c0 = processCpu();
      float[][] v = new LexicalEmbedder(Integer.getInteger("kiln.bench.dims", 64), 1).embed(in, all);
      double embed = (System.nanoTime() - e0) / 1e9;
      log.accept(String.format(java.util.Locale.ROOT, "embedded in %.1f s (%.1f s CPU)", embed, (processCpu() - c0) / 1e9));
      InContextOrder.Result ic = InContextOrder.order(all, v, InContextOrder.Options.defaults());
      double cpu = (processCpu() - c0) / 1e9;
      PackPlan p = Packers.concat(lengths, ic.order(), o.seqLen(), false);
      Map<String, Object> m = rates(p);
      m.put("near_duplicates_dropped", ic.duplicates().length);
      m.put("mean_adjacent_similarity", round(ic.meanAdjacentSimilarity()));
      m.put("random_adjacent_similarity", round(ic.randomAdjacentSimilarity()));
      m.put("jumps", ic.jumps());
      m.put("seconds_embed", round(embed));
      m.put("seconds_graph", round(ic.secondsGraph()));
      m.put("seconds_path", round(ic.secondsPath()));
      m.put("seconds_total", round(embed + ic.secondsGraph() + ic.secondsPath()));
      m.put("cpu_seconds_total", round(cpu));
      m.put("cpu_seconds_graph_build_one_thread", round(ic.cpuSecondsBuild()));
      modes.put("in_context", m);
    }
    r.put("modes", modes);
    return r;
  }

  /** CPU time of the whole JVM, in nanoseconds (all threads, the JIT and GC included). */
  static long processCpu() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  static Map<String, Object> rates(PackPlan p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequences", p.sequences());
    m.put("truncation_rate", round(p.truncationRate()));
    m.put("padding_rate", round(p.paddingRate()));
    return m;
  }

  private static long copyAll(PackInput in) {
    int[] src = in.tokens();
    int[] dst = new int[8192];
    long n = in.totalTokens();
    long sum = 0;
    for (long k = 0; k < n; k += dst.length) {
      int len = (int) Math.min(dst.length, n - k);
      System.arraycopy(src, (int) k, dst, 0, len);
      sum += dst[len - 1];
    }
    return sum;
  }

  private static long materialize(PackPlan plan, PackInput in) {
    SequenceBuilder b = new SequenceBuilder(plan, in.tokens(), in.offsets(), 0, false, false, false);
    long sum = 0;
    for (int s = 0; s < plan.sequences(); s++) {
      b.build(s);
      sum += b.ids[b.used() - 1];
    }
    return sum;
  }

  private interface Work {
    long run() throws Exception;
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * Best CPU time of this thread over {@code rounds} after one warm-up, in seconds: on a shared,
   * loaded machine the thread's CPU time is what one idle core would take, where wall time is not.
   */
  private static double best(int rounds, Work w) throws Exception {
    long sink = w.run();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < Math.max(1, rounds); i++) {
      long t = THREADS.getCurrentThreadCpuTime();
      sink += w.run();
      best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t) / 1e9);
    }
    if (sink == 42) {
      System.err.print("");
    }
    return best;
  }

  /** (id, text, source) of each document with a text field. */
  static List<String[]> read(Path file, int limit) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".zst") ? new ZstdInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      for (String line; (limit <= 0 || out.size() < limit) && (line = r.readLine()) != null; ) {
        Map<String, Object> m = Json.MAPPER.readValue(line, Json.MAP);
        Object text = m.get("text");
        if (text != null) {
          out.add(new String[] {String.valueOf(m.get("id")), text.toString(), String.valueOf(m.getOrDefault("source", ""))});
        }
      }
    }
    return out;
  }

  static int[][] tokenize(List<String[]> docs, Tokenize tok, int threads) throws Exception {
    int[][] ids = new int[docs.size()][];
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> fs = new ArrayList<>();
      int chunk = 1024;
      for (int start = 0; start < docs.size(); start += chunk) {
        int s = start;
        fs.add(pool.submit(() -> {
          for (int i = s; i < Math.min(docs.size(), s + chunk); i++) {
            ids[i] = tok.encode(docs.get(i)[1]);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return ids;
  }

  static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
