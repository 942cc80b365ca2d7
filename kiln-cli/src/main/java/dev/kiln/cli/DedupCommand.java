package dev.kiln.cli;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.util.Json;
import dev.kiln.io.Inputs;
import dev.kiln.io.LineReader;
import dev.kiln.io.RawRecord;
import dev.kiln.io.RecordParser;
import dev.kiln.local.LocalEngine;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln dedup --method M --input IN --output KEPT [--clusters CLUSTERS.jsonl]}: one dedup
 * stage alone. It runs through {@link ApplyCommand} (a one-stage recipe: same accounting, logs in
 * KEPT.kiln/, determinism). CLUSTERS is built afterwards from what the run already records, so the
 * stage needs no side channel: a dropped document's cluster is in its drop-log detail (the kept
 * twin's id), a kept document is its own cluster's id, and the input is read once more for the ids
 * in input order.
 */
@Command(name = "dedup", mixinStandardHelpOptions = true,
    description = "Deduplicates JSONL with one method: minhash, exact, line, simhash, substring or decontaminate.")
public final class DedupCommand implements Callable<Integer> {
  /** Method names on the command line and the stages they run. */
  static final Map<String, String> METHODS = Map.of(
      "minhash", "minhash_dedup",
      "exact", "exact_dedup",
      "line", "line_dedup",
      "simhash", "simhash_dedup",
      "substring", "substring_dedup",
      "decontaminate", "decontaminate");

  @Option(names = "--method", required = true, description = "minhash, exact, line, simhash, substring or decontaminate")
  String method;

  @Option(names = "--input", required = true, description = "input JSONL file, directory or glob")
  String input;

  @Option(names = "--output", required = true, description = "kept documents (.jsonl, .jsonl.gz, .jsonl.zst)")
  Path output;

  @Option(names = "--clusters", description = "write {\"id\", \"cluster\"} per input document (minhash, simhash, exact)")
  Path clusters;

  @Option(names = "--threshold", description = "similarity threshold (minhash: Jaccard, default 0.8)")
  Double threshold;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "another stage parameter (YAML value), repeatable")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--text-field", defaultValue = "text", description = "field holding the text (default: ${DEFAULT-VALUE})")
  String textField;

  @Option(names = "--id-field", defaultValue = "id", description = "field holding the id (default: ${DEFAULT-VALUE})")
  String idField;

  @Option(names = "--threads", description = "worker threads (default: all cores)")
  int threads;

  @Option(names = "--progress", negatable = true, description = "show a progress bar (default: when attached to a terminal)")
  Boolean progress;

  @Override
  public Integer call() throws Exception {
    String stage = METHODS.get(method);
    if (stage == null) {
      System.err.println("error: unknown method '" + method + "'; one of " + String.join(", ", new java.util.TreeSet<>(METHODS.keySet())));
      return 2;
    }
    ApplyCommand apply = new ApplyCommand();
    apply.stage = stage;
    apply.params = new LinkedHashMap<>(params);
    if (threshold != null) {
      apply.params.put("threshold", threshold.toString());
    }
    apply.input = input;
    apply.output = output;
    apply.textField = textField;
    apply.idField = idField;
    apply.threads = threads;
    apply.progress = progress;
    long start = System.nanoTime();
    long cpu0 = cpuNanos();
    int rc = apply.call();
    if (rc != 0) {
      return rc;
    }
    System.out.printf(java.util.Locale.ROOT, "peak heap: %.0f MB; CPU: %.1f s%n", peakHeapMb(), (cpuNanos() - cpu0) / 1e9);
    if (clusters == null) {
      return 0;
    }
    Map<String, String> dropped = droppedClusters(output.toAbsolutePath().resolveSibling(output.getFileName() + ".kiln").resolve("dropped"), stage);
    long n = writeClusters(dropped);
    System.out.printf(java.util.Locale.ROOT, "clusters: %s (%,d documents, %,d in clusters with others)%n", clusters, n, dropped.size());
    System.out.printf(java.util.Locale.ROOT, "with clusters: %.1f s%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** Dropped id -> cluster id (the kept twin), from the run's drop log. */
  static Map<String, String> droppedClusters(Path dir, String stage) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
    }
    for (Path f : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Map<String, Object> d = Json.MAPPER.readValue(line, Json.MAP);
          if (!stage.equals(d.get("stage")) || d.get("detail") == null) {
            continue;
          }
          String detail = d.get("detail").toString();
          // minhash/simhash: {"cluster": id, "kept": id}; exact_dedup: the kept twin's id.
          String cluster = detail.startsWith("{") ? String.valueOf(Json.MAPPER.readValue(detail, Json.MAP).get("cluster")) : detail;
          out.put(d.get("id").toString(), cluster);
        }
      }
    }
    return out;
  }

  /** One line per input document, in input order; returns the count. */
  private long writeClusters(Map<String, String> dropped) throws IOException {
    Recipe.InputSpec spec = new Recipe.InputSpec(input, List.of(textField), idField, null);
    Path tmp = Files.createTempDirectory(clusters.toAbsolutePath().getParent() == null ? Path.of(".") : clusters.toAbsolutePath().getParent(), ".clusters");
    try (LocalEngine engine = new LocalEngine(LocalEngine.Options.defaults(tmp.resolve("work"), tmp.resolve("logs")))) {
      Dataset<Document> docs = engine.read(Inputs.splits(List.of(spec)), new LineReader(), RawRecord.CODEC).flatMap(new RecordParser(List.of(spec)), Codecs.DOCUMENT);
      docs.foreachPartition(new ClusterLines(tmp, dropped));
      long n = 0;
      Path out = clusters.toAbsolutePath();
      try (OutputStream o = Files.newOutputStream(out); Stream<Path> parts = Files.list(tmp)) {
        for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
          Files.copy(p, o);
        }
      }
      try (Stream<String> lines = Files.lines(out)) {
        n = lines.count();
      }
      return n;
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Writes each partition's {id, cluster} lines to its own file. */
  private static final class ClusterLines implements PartitionSink<Document> {
    private static final long serialVersionUID = 1L;
    private final Path dir;
    private final Map<String, String> dropped;

    ClusterLines(Path dir, Map<String, String> dropped) {
      this.dir = dir;
      this.dropped = dropped;
    }

    @Override
    public void write(int partition, Iterator<Document> docs, TaskContext ctx) throws IOException {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(String.format("part-%05d", partition)), StandardCharsets.UTF_8)) {
        while (docs.hasNext()) {
          String id = docs.next().id();
          Map<String, String> line = new LinkedHashMap<>();
          line.put("id", id);
          line.put("cluster", dropped.getOrDefault(id, id));
          w.write(Json.MAPPER.writeValueAsString(line));
          w.write('\n');
        }
      }
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Peak heap in use since start-up, summed over the heap pools (an upper bound of the live data). */
  static double peakHeapMb() {
    long peak = 0;
    for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == java.lang.management.MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak / 1e6;
  }
}
