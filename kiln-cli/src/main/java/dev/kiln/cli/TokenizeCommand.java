package dev.kiln.cli;

import dev.kiln.tokenizer.tool.TokenizeFiles;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln tokenize}: a thin front of {@link TokenizeFiles}. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Encodes each JSONL line's text with a tokenizer.json; writes {\"id\": ..., \"ids\": [...]} lines in input order.")
public final class TokenizeCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  TokenizerInput in = new TokenizerInput();

  @Option(names = "--output", required = true, description = "JSONL output (.jsonl or .jsonl.zst)")
  Path output;

  @Option(names = "--add-special-tokens", description = "add the tokenizer's post-processor tokens (BOS/EOS...)")
  boolean addSpecialTokens;

  @Option(names = "--threads", description = "encoding threads (default: all cores)")
  int threads;

  @Override
  public Integer call() throws Exception {
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    TokenizeFiles.Stats s = TokenizeFiles.run(
        new TokenizeFiles.Options(in.tokenizer, in.input, output, in.textField, addSpecialTokens, t));
    System.err.printf(Locale.ROOT, "tokenized %d lines into %d tokens in %.1f s (%d threads)%n",
        s.lines(), s.tokens(), s.seconds(), t);
    return 0;
  }
}
