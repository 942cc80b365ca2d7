package dev.kiln.cli;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.dedup.ClusterExport;
import dev.kiln.io.Inputs;
import dev.kiln.io.LineReader;
import dev.kiln.io.RawRecord;
import dev.kiln.io.RecordParser;
import dev.kiln.local.LocalEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln dedup --method M --input IN --output KEPT [--clusters CLUSTERS.jsonl]}: one dedup
 * stage alone. It runs through {@link ApplyCommand} (a one-stage recipe: same accounting, logs in
 * KEPT.kiln/, determinism). CLUSTERS is built afterwards by kiln-dedup's {@link ClusterExport} from
 * the run's drop log, with the input read once more for the ids in input order.
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

  @Mixin
  ProgressOptions progress;

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
    apply.checks = new CheckOptions();
    apply.checks.warnDropShare = 1;
    long start = System.nanoTime();
    long cpu0 = JvmUsage.cpuNanos();
    int rc = apply.call();
    if (rc != 0) {
      return rc;
    }
    System.out.printf(java.util.Locale.ROOT, "peak heap: %.0f MB; CPU: %.1f s%n", JvmUsage.peakHeapMb(), (JvmUsage.cpuNanos() - cpu0) / 1e9);
    if (clusters == null) {
      return 0;
    }
    Map<String, String> dropped = ClusterExport.droppedClusters(output.toAbsolutePath().resolveSibling(output.getFileName() + ".kiln").resolve("dropped"), stage);
    long n = writeClusters(dropped);
    System.out.printf(java.util.Locale.ROOT, "clusters: %s (%,d documents, %,d in clusters with others)%n", clusters, n, dropped.size());
    System.out.printf(java.util.Locale.ROOT, "with clusters: %.1f s%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** One line per input document, in input order (the input read once more); returns the count. */
  private long writeClusters(Map<String, String> dropped) throws IOException {
    Recipe.InputSpec spec = new Recipe.InputSpec(input, List.of(textField), idField, null);
    Path out = clusters.toAbsolutePath();
    Path tmp = Files.createTempDirectory(out.getParent() == null ? Path.of(".") : out.getParent(), ".clusters");
    try (LocalEngine engine = new LocalEngine(LocalEngine.Options.defaults(tmp.resolve("work"), tmp.resolve("logs")))) {
      Dataset<Document> docs = engine.read(Inputs.splits(List.of(spec)), new LineReader(), RawRecord.CODEC).flatMap(new RecordParser(List.of(spec)), Codecs.DOCUMENT);
      return ClusterExport.write(docs, dropped, out, tmp.resolve("parts"));
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
