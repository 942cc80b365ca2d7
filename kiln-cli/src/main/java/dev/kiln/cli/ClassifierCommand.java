package dev.kiln.cli;

import dev.kiln.clean.classify.ClassifierTool;
import dev.kiln.clean.classify.Evaluation;
import dev.kiln.clean.classify.LabelledData;
import dev.kiln.clean.classify.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln classifier train|eval}: a thin layer over kiln-clean's {@code classify} package. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
    description = "Trains and evaluates fastText-style classifiers for the 'classify' stage.",
    subcommands = {ClassifierCommand.Train.class, ClassifierCommand.Eval.class})
public final class ClassifierCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where labelled examples come from, shared by train and eval. */
  static final class DataOptions {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
        description = "labelled JSONL files (.jsonl, .jsonl.gz, .jsonl.zst); repeatable")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--label-field", required = true, paramLabel = "F", description = "field holding the label, e.g. label or domain")
    String labelField;

    @Option(names = "--text-field", defaultValue = "text,html", split = ",", paramLabel = "F",
        description = "fields holding the text, first present wins (default: ${DEFAULT-VALUE})")
    List<String> textFields;

    @Option(names = "--html-field", defaultValue = "html", split = ",", paramLabel = "F",
        description = "text fields holding HTML, stripped crudely with jsoup (default: ${DEFAULT-VALUE})")
    List<String> htmlFields;

    @Option(names = "--id-field", defaultValue = "id", description = "field holding the id the split hashes (default: ${DEFAULT-VALUE})")
    String idField;

    @Option(names = "--holdout", defaultValue = "0.1", paramLabel = "X",
        description = "fraction held out for evaluation, by a hash of the id (default: ${DEFAULT-VALUE}; 0 = none)")
    double holdout;

    @Option(names = "--max-per-file", defaultValue = "0", paramLabel = "N", description = "sample at most N documents per input file (0 = all)")
    int maxPerFile;

    @Option(names = "--max-per-label", defaultValue = "0", paramLabel = "N", description = "then at most N per label (0 = all)")
    int maxPerLabel;

    @Option(names = "--sample-seed", defaultValue = "0", description = "seed of the sampling hash (default: ${DEFAULT-VALUE})")
    long sampleSeed;

    LabelledData.Options options() {
      return new LabelledData.Options(labelField, textFields, htmlFields, idField, holdout, maxPerFile, maxPerLabel, sampleSeed);
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Trains a classifier on labelled JSONL, writes the model, reports accuracy and F1 on the held-out split.")
  static final class Train implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--output", required = true, paramLabel = "MODEL", description = "model file to write")
    Path output;

    @Option(names = "--report", paramLabel = "FILE.json", description = "also write the held-out metrics as JSON")
    Path report;

    @Option(names = "--mail-body", description = "train and score on mail bodies: a leading RFC 822 header block is dropped")
    boolean mailBody;

    @Option(names = "--dim", description = "hidden dimension (default: ${DEFAULT-VALUE})")
    int dim = Trainer.Config.defaults().dim();

    @Option(names = "--epochs", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs = Trainer.Config.defaults().epochs();

    @Option(names = "--lr", description = "initial learning rate, falls linearly to 0 (default: ${DEFAULT-VALUE})")
    double lr = Trainer.Config.defaults().lr();

    @Option(names = "--buckets", description = "hashed feature rows (default: ${DEFAULT-VALUE})")
    int buckets = Trainer.Config.defaults().buckets();

    @Option(names = "--word-ngrams", description = "longest token n-gram (default: ${DEFAULT-VALUE})")
    int wordNgrams = Trainer.Config.defaults().wordNgrams();

    @Option(names = "--minn", description = "shortest character n-gram of a word (default: ${DEFAULT-VALUE})")
    int minn = Trainer.Config.defaults().minn();

    @Option(names = "--maxn", description = "longest character n-gram of a word, 0 = none (default: ${DEFAULT-VALUE})")
    int maxn = Trainer.Config.defaults().maxn();

    @Option(names = "--max-chars", description = "characters of each text read, 0 = all (default: ${DEFAULT-VALUE})")
    int maxChars = Trainer.Config.defaults().maxChars();

    @Option(names = "--max-rows", description = "keep the embedding rows with the largest norms, at most this many; 0 = all (default: ${DEFAULT-VALUE})")
    int maxRows = Trainer.Config.defaults().maxRows();

    @Option(names = "--seed", description = "seed of initialization and shuffling (default: ${DEFAULT-VALUE})")
    long seed = Trainer.Config.defaults().seed();

    @Override
    public Integer call() throws Exception {
      Trainer.Config cfg;
      LabelledData.Options opts;
      try {
        cfg = new Trainer.Config(dim, epochs, lr, buckets, wordNgrams, minn, maxn, maxChars, maxRows, mailBody, seed);
        opts = data.options();
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
      ClassifierTool.TrainResult r = ClassifierTool.train(data.inputs, opts, cfg, output, System.err::println);
      System.err.printf("read %.1f s, trained in %.1f s on %d examples%n", r.readSeconds(), r.trainSeconds(), r.trainExamples());
      if (r.heldOut() == null) {
        System.out.println("no held-out examples (--holdout 0): nothing evaluated");
        return 0;
      }
      System.out.printf(java.util.Locale.ROOT, "held-out evaluation (%,d examples of %s, the %.0f%% split by id hash the model was not trained on):%n",
          r.heldOut().total(), String.join(", ", data.inputs.stream().map(p -> p.getFileName().toString()).toList()), 100 * opts.holdout());
      System.out.print(r.heldOut().report());
      if (report != null) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("train_seconds", r.trainSeconds());
        extra.put("train_examples", r.trainExamples());
        r.heldOut().writeJson(report, extra);
      }
      return 0;
    }
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = "Evaluates a model on labelled JSONL: accuracy, per-label precision/recall/F1, macro F1, confusion matrix.")
  static final class Eval implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model file from 'kiln classifier train'")
    Path model;

    @Option(names = "--split", defaultValue = "heldout", description = "which documents: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    LabelledData.Split split;

    @Option(names = "--report", paramLabel = "FILE.json", description = "also write the metrics as JSON")
    Path report;

    @Override
    public Integer call() throws Exception {
      LabelledData.Options opts;
      try {
        opts = data.options();
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
      if (split == LabelledData.Split.HELDOUT && opts.holdout() == 0) {
        System.err.println("error: --split heldout needs --holdout > 0 (use --split all to score every document)");
        return 2;
      }
      Evaluation e = ClassifierTool.eval(model, data.inputs, opts, split, System.err::println);
      System.out.print(e.report());
      if (report != null) {
        e.writeJson(report, Map.of());
      }
      return 0;
    }
  }
}
