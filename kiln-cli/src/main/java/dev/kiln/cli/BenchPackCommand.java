package dev.kiln.cli;

import dev.kiln.core.util.Json;
import dev.kiln.bench.pack.PackBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench pack}: packing speed against an arraycopy reference, and rates per mode; the logic is in kiln-bench. */
@Command(name = "pack", mixinStandardHelpOptions = true,
    description = "Packing tokens/s (concat, best_fit; one thread) against arraycopy, truncation/padding per mode, in_context time and similarity.")
public final class BenchPackCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "a JSONL corpus (.jsonl or .jsonl.zst) with a text field")
  Path input;

  @Option(names = "--tokenizer", required = true, description = "tokenizer.json")
  String tokenizer;

  @Option(names = "--seq-len", defaultValue = "4096", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
  int seqLen;

  @Option(names = "--limit", defaultValue = "0", description = "first N documents only (default: all)")
  int limit;

  @Option(names = "--rounds", defaultValue = "5", description = "timed rounds after a warm-up (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--in-context", negatable = true, defaultValue = "true", description = "also time in_context (default: ${DEFAULT-VALUE})")
  boolean inContext;

  @Option(names = "--threads", description = "threads for tokenizing the input (default: all cores)")
  int threads;

  @Override
  public Integer call() throws Exception {
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    var result = PackBench.run(new PackBench.Options(input, tokenizer, seqLen, limit, rounds, inContext, t), System.out::println);
    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    return 0;
  }
}
