package dev.kiln.cli;

import dev.kiln.bench.tokenizer.HfComparison;
import dev.kiln.tokenizer.Tokenizer;
import dev.kiln.tokenizer.train.Corpus;
import dev.kiln.tokenizer.train.TokenizerEval;
import dev.kiln.tokenizer.train.TokenizerTrainer;
import dev.kiln.tokenizer.train.VocabExtender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln tokenizer train|extend|eval|compare}: fronts of dev.kiln.tokenizer.train and HfComparison. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
    description = "Trains, extends and evaluates tokenizers (Hugging Face tokenizer.json).",
    subcommands = {TokenizerCommand.Train.class, TokenizerCommand.Extend.class, TokenizerCommand.Eval.class,
        TokenizerCommand.Compare.class})
public final class TokenizerCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Kinds of --type; bpe takes --style. */
  enum Type { bpe, unigram, wordpiece }

  enum Style { bytelevel, sentencepiece }

  static class Input {
    @Option(names = "--input", arity = "1..*", required = true,
        description = "JSONL(.zst) files (text or html field; lang, domain) or plain text files")
    List<Path> input;

    @Option(names = "--slice", defaultValue = "ALL",
        description = "documents to read: ALL, TRAIN (the 90%% outside the test slice) or TEST (10%% by id hash); default ${DEFAULT-VALUE}")
    Corpus.Slice slice;

    @Option(names = "--limit-mb", description = "stop after this many MB of text")
    double limitMb;

    Corpus corpus() {
      return new Corpus(input, slice, limitMb > 0 ? (long) (limitMb * 1e6) : Long.MAX_VALUE);
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a tokenizer from scratch.")
  static final class Train implements Callable<Integer> {
    @Option(names = "--type", required = true, description = "bpe, unigram or wordpiece")
    Type type;

    @Option(names = "--style", defaultValue = "bytelevel",
        description = "for bpe: bytelevel (GPT-2/Llama-3) or sentencepiece (Llama-2: byte fallback); default ${DEFAULT-VALUE}")
    Style style;

    @Option(names = "--vocab-size", required = true, description = "ids in total, special tokens included")
    int vocabSize;

    @Option(names = "--character-coverage", defaultValue = "0.9995", description = "default ${DEFAULT-VALUE}")
    double coverage;

    @Option(names = "--min-frequency", defaultValue = "2", description = "smallest count of a merged pair; default ${DEFAULT-VALUE}")
    long minFrequency;

    @picocli.CommandLine.Mixin
    Input input = new Input();

    @Option(names = "--output", required = true, description = "directory for tokenizer.json")
    Path output;

    @Override
    public Integer call() {
      TokenizerTrainer.Style s = switch (type) {
        case bpe -> style == Style.bytelevel ? TokenizerTrainer.Style.BYTE_LEVEL_BPE : TokenizerTrainer.Style.SENTENCEPIECE_BPE;
        case unigram -> TokenizerTrainer.Style.UNIGRAM;
        case wordpiece -> TokenizerTrainer.Style.WORDPIECE;
      };
      long start = System.nanoTime();
      TokenizerTrainer.Result r;
      try (Bars bars = new Bars()) {
        r = TokenizerTrainer.train(input.corpus(), new TokenizerTrainer.Options(s, vocabSize, coverage, minFrequency), bars);
      }
      Path file = r.write(output);
      double secs = (System.nanoTime() - start) / 1e9;
      System.err.printf(Locale.ROOT, "trained %s: %d tokens from %d documents (%.1f MB of text, %d distinct words)"
          + " in %.1f s, peak heap %.0f MB%n", s, r.vocabSize(), r.documents(), r.textBytes() / 1e6,
          r.distinctWords(), secs, JvmUsage.peakHeapMb());
      System.out.println(file);
      return 0;
    }
  }

  @Command(name = "extend", mixinStandardHelpOptions = true,
      description = "Adds domain pieces to a BPE tokenizer; every base id keeps its meaning.")
  static final class Extend implements Callable<Integer> {
    @Option(names = "--base", required = true, description = "the base tokenizer.json (byte-level BPE or BPE with byte fallback)")
    Path base;

    @Option(names = "--add", required = true, description = "new tokens to add (new characters included)")
    int add;

    @Option(names = "--character-coverage", defaultValue = "0.9995",
        description = "share of domain characters a byte-fallback base gets as tokens; default ${DEFAULT-VALUE}")
    double coverage;

    @Option(names = "--corpus", arity = "1..*", required = true, description = "domain JSONL(.zst) or text files")
    List<Path> corpus;

    @Option(names = "--slice", defaultValue = "ALL", description = "ALL, TRAIN or TEST (see train); default ${DEFAULT-VALUE}")
    Corpus.Slice slice;

    @Option(names = "--limit-mb", description = "stop after this many MB of domain text")
    double limitMb;

    @Option(names = "--output", required = true, description = "directory for tokenizer.json and embedding_init.json")
    Path output;

    @Override
    public Integer call() {
      long start = System.nanoTime();
      VocabExtender.Result r;
      try (Bars bars = new Bars()) {
        r = new VocabExtender(base).extend(
            new Corpus(corpus, slice, limitMb > 0 ? (long) (limitMb * 1e6) : Long.MAX_VALUE), add, coverage, bars);
      }
      r.write(output);
      System.err.printf(Locale.ROOT, "extended %s: %d new tokens (%d characters) from %d documents, ids %d..%d,"
          + " in %.1f s, peak heap %.0f MB%n", base, r.added().size(), r.newCharacters(), r.documents(), r.baseSize(),
          r.baseSize() + r.added().size() - 1, (System.nanoTime() - start) / 1e9, JvmUsage.peakHeapMb());
      System.out.println(output.resolve("tokenizer.json"));
      return 0;
    }
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = "Bytes/characters per token, tokens per 1,000 characters and byte-fallback rate by language and domain.")
  static final class Eval implements Callable<Integer> {
    @Option(names = "--tokenizer", arity = "1..*", required = true,
        description = "tokenizer.json files, optionally NAME=PATH (default name: the parent directory)")
    List<String> tokenizers;

    @picocli.CommandLine.Mixin
    Input input = new Input();

    @Option(names = "--json", description = "also write the rows as JSON here")
    Path json;

    @Override
    public Integer call() throws Exception {
      Map<String, Tokenizer> toks = TokenizerEval.load(tokenizers);
      List<TokenizerEval.Row> rows;
      try (Bars bars = new Bars()) {
        rows = TokenizerEval.evaluate(toks, input.corpus(), bars);
      }
      System.out.print(TokenizerEval.table(rows));
      String out = TokenizerEval.json(rows).toPrettyString();
      if (json != null) {
        Files.writeString(json, out);
      } else {
        System.out.println(out);
      }
      return 0;
    }
  }

  /** One ASCII progress bar per phase, on stderr. */
  static final class Bars implements TokenizerTrainer.Progress, AutoCloseable {
    private ProgressBar bar;
    private String phase;
    private long lastUpdate;

    @Override
    public void update(String name, long done, long total) {
      if (!name.equals(phase)) {
        close();
        phase = name;
        bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, total))
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setMaxRenderedLength(100).build();
      }
      long now = System.nanoTime();
      if (now - lastUpdate > 50_000_000L) { // the bar is cheap, but not once per byte
        lastUpdate = now;
        if (total > 0) {
          bar.maxHint(total);
        }
        bar.stepTo(done);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "Kiln's ids against Hugging Face's (its Rust library, through DJL) on your documents; exit code 1 if any differ.")
  static final class Compare implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TokenizerInput in = new TokenizerInput();

    @Option(names = "--limit-mb", defaultValue = "10", description = "MB of text to compare (default: ${DEFAULT-VALUE})")
    double limitMb;

    @Override
    public Integer call() throws Exception {
      return HfComparison.run(in.tokenizer, in.input, in.textField, (long) (limitMb * 1e6), System.out).identical() ? 0 : 1;
    }
  }
}
