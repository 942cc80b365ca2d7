package dev.kiln.cli;

import dev.kiln.bench.DedupBench;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench dedup}: a thin front of kiln-bench's {@link DedupBench}. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
    description = "Kiln MinHash-LSH against Spark MLlib MinHashLSH: docs/s, pair precision/recall against exact Jaccard, speed ratio.")
public final class BenchDedupCommand implements Callable<Integer> {
  @Option(names = "--input", description = "JSONL documents (id, text); or use --labelled")
  Path input;

  @Option(names = "--labelled", description = "build the labelled set from the shared corpora: en or zh")
  String labelled;

  @Option(names = "--corpora", description = "the shared corpora directory (default: $KILN_SHARED/corpora or ../shared/corpora)")
  Path corpora;

  // Chinese poems are short: 10,000 originals make about 23,000 documents, enough that Kiln's
  // fixed cost per phase stops dominating; English originals are longer, and MLlib's time grows fast.
  @Option(names = "--originals", description = "originals in a labelled set (default: 3000 for en, 10000 for zh)")
  Integer originals;

  @Option(names = "--save", description = "also write the documents benchmarked to this JSONL file")
  Path save;

  @Option(names = "--sample", description = "at most this many documents (the first) (default: 30000 of --input, all of a labelled set)")
  Integer sample;

  @Option(names = "--threshold", defaultValue = "0.8", description = "Jaccard threshold (default: ${DEFAULT-VALUE})")
  double threshold;

  @Option(names = "--threads", defaultValue = "2", description = "threads for both sides (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--no-spark", description = "skip the Spark MLlib side")
  boolean noSpark;

  @Option(names = "--rounds", defaultValue = "3", description = "timed rounds per side after the warm-up runs; medians reported (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--warmups", defaultValue = "2", description = "untimed runs of the whole set per side before the rounds (default: ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--spark-tables", defaultValue = "5", description = "MLlib hash tables (default: ${DEFAULT-VALUE})")
  int sparkTables;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a minhash_dedup parameter for Kiln's side, repeatable")
  Map<String, String> params = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    DedupBench.run(new DedupBench.Options(input, labelled, corpora, originals, save, sample, threshold, threads, noSpark, rounds, warmups,
        sparkTables, params), Engines::local, System.out);
    return 0;
  }
}
