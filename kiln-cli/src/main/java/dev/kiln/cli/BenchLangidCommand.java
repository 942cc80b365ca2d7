package dev.kiln.cli;

import dev.kiln.bench.EmptyInputException;
import dev.kiln.bench.LangidBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln bench langid}: a thin front of kiln-bench's {@link LangidBench}. */
@Command(name = "langid", mixinStandardHelpOptions = true, description = "Language identification (one thread) against the raw decompress+parse limit.")
public final class BenchLangidCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "a JSONL file (.jsonl, .gz, .zst) with a text field")
  Path input;

  @Mixin
  LangIdOptions langId;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds per side (default: ${DEFAULT-VALUE})")
  int rounds;

  @Override
  public Integer call() throws Exception {
    try {
      LangidBench.run(new LangidBench.Options(input, langId.languages, langId.engine, langId.maxChars, rounds), System.out);
      return 0;
    } catch (EmptyInputException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }
}
