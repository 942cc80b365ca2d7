package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What {@code kiln classifier train} and {@code eval} do, so the command line stays a thin layer. */
public final class ClassifierTool {
  private ClassifierTool() {}

  /** A trained model, its evaluation on the held-out split (null when nothing is held out), timings. */
  public record TrainResult(ClassifierModel model, int trainExamples, Evaluation heldOut, double readSeconds, double trainSeconds) {}

  /** Reads the training split, trains, saves the model (when {@code output} is not null), evaluates on the held-out split. */
  public static TrainResult train(List<Path> inputs, LabelledData.Options data, Trainer.Config cfg, Path output, Consumer<String> log)
      throws IOException {
    long t0 = System.nanoTime();
    LabelledData.Splits splits = LabelledData.readSplits(inputs, data, log);
    List<Example> train = splits.train();
    double read = (System.nanoTime() - t0) / 1e9;
    Map<String, String> info = new LinkedHashMap<>();
    info.put("label_field", data.labelField());
    info.put("inputs", String.join(",", inputs.stream().map(p -> p.getFileName().toString()).toList()));
    info.put("holdout", Double.toString(data.holdout()));
    info.put("max_per_file", Integer.toString(data.maxPerFile()));
    info.put("max_per_label", Integer.toString(data.maxPerLabel()));
    long t1 = System.nanoTime();
    ClassifierModel model = Trainer.train(train, cfg, info, log);
    double trainSec = (System.nanoTime() - t1) / 1e9;
    log.accept(String.format("trained in %.1f s: %d labels %s, %,d embedding rows of %d", trainSec, model.labels().size(), model.labels(),
        model.rowCount(), model.dim()));
    if (output != null) {
      model.save(output);
      log.accept("model written to " + output);
    }
    Evaluation eval = null;
    if (!splits.heldOut().isEmpty()) {
      eval = Evaluation.of(model, splits.heldOut());
    }
    return new TrainResult(model, train.size(), eval, read, trainSec);
  }

  /** Evaluates a saved model on a split of labelled data. */
  public static Evaluation eval(Path modelFile, List<Path> inputs, LabelledData.Options data, LabelledData.Split split, Consumer<String> log)
      throws IOException {
    ClassifierModel model = ClassifierModel.load(modelFile);
    List<Example> examples = LabelledData.read(inputs, data, split, log);
    checkArgument(!examples.isEmpty(), "no labelled examples in the " + split.name().toLowerCase(java.util.Locale.ROOT) + " split");
    return Evaluation.of(model, examples);
  }
}
