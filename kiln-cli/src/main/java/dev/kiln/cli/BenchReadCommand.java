package dev.kiln.cli;

import dev.kiln.bench.ReadBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench read}: a thin front of kiln-bench's {@link ReadBench}. */
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
    ReadBench.run(new ReadBench.Options(input, t, rounds), Engines::local, System.out);
    return 0;
  }
}
