package dev.kiln.cli;

import dev.kiln.bench.tokenizer.TokenizeBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench tokenize}: a thin front of kiln-bench's {@link TokenizeBench}. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Kiln's tokenizer against Hugging Face's (hf) or jtokkit on the same texts, in one run.")
public final class BenchTokenizeCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  TokenizerInput in = new TokenizerInput();

  @Option(names = "--threads", defaultValue = "1", description = "encoding threads for both sides (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--reference", defaultValue = "hf",
      description = "hf, jtokkit:cl100k_base or jtokkit:o200k_base (default: ${DEFAULT-VALUE})")
  String reference;

  @Option(names = "--limit-mb", defaultValue = "10", description = "MB of input text to encode (default: ${DEFAULT-VALUE})")
  double limitMb;

  @Option(names = "--warmups", defaultValue = "3", description = "untimed passes per side before the rounds (default: ${DEFAULT-VALUE})")
  int warmups;

  @Option(names = "--rounds", defaultValue = "3", description = "timed rounds per side after a warm-up (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--scaling", description = "also time Kiln on one thread in every round: the speed-up of --threads over one, in one JVM")
  boolean scaling;

  @Override
  public Integer call() throws Exception {
    TokenizeBench.run(new TokenizeBench.Options(in.tokenizer, in.input, in.textField, threads, reference, limitMb, warmups, rounds, scaling), System.out);
    return 0;
  }
}
