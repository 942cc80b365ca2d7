package dev.kiln.cli;

import dev.kiln.bench.CleanBench;
import dev.kiln.bench.EmptyInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench clean}: a thin front of kiln-bench's {@link CleanBench}. */
@Command(name = "clean", mixinStandardHelpOptions = true, description = "Per-document cleaning chain (one thread) against the raw decompress+parse limit.")
public final class BenchCleanCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "a JSONL file (.jsonl, .gz, .zst) with a text field")
  Path input;

  @Option(names = "--recipe", description = "take the per-document stages of this recipe before its first global stage (language id skipped)")
  Path recipe;

  @Option(names = "--warmups", defaultValue = "3",
      description = "untimed rounds per side first; one left small inputs still being compiled (default: ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds per side (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--per-stage", description = "also time each stage alone over all documents")
  boolean perStage;

  @Override
  public Integer call() throws Exception {
    try {
      CleanBench.run(new CleanBench.Options(input, recipe, warmups, rounds, perStage), System.out);
      return 0;
    } catch (EmptyInputException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }
}
