package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores each document with a trained classifier ({@code bin/kiln classifier train}) and writes
 * {@code <prefix><label>} = probability for every label and {@code <prefix>label} = the best label
 * into metadata. With {@code keep_labels}, it also filters: a document is kept when the summed
 * probability of those labels is at least {@code min_score}, else dropped as
 * {@code <prefix>below_min_score} with its scores written (for reports). Per-domain thresholds come from the
 * usual {@code by}/{@code overrides}.
 */
@StageInfo(name = "classify", description = "Scores documents with a trained fastText-style classifier; writes <prefix><label> scores and <prefix>label; optionally keeps only keep_labels with summed score >= min_score.")
public final class ClassifyStage extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  /** The metadata key (after the prefix) of the most probable label. */
  public static final String LABEL_KEY = "label";

  public record Config(
      @Param(value = "path of a model file written by 'kiln classifier train'", path = true) String model,
      @Param(value = "prefix of the metadata keys written", defaultValue = "classify.") String prefix,
      @Param(value = "labels to keep; empty = annotate only, drop nothing", defaultValue = "[]") List<String> keepLabels,
      @Param(value = "least summed score of keep_labels a kept document has", defaultValue = "0.5", bounds = "{prefix}{keep_labels}") double minScore)
      implements java.io.Serializable {}

  private final Config config;
  private transient volatile ClassifierModel model;
  private transient int[] keep;

  public ClassifyStage(Config config) {
    checkArgument(config.model() != null && !config.model().isBlank(), "'model' must name a model file");
    checkArgument(config.prefix() != null, "'prefix' must be a string");
    checkArgument(config.minScore() >= 0 && config.minScore() <= 1, "min_score must be in [0, 1], got " + config.minScore());
    this.config = config;
    ClassifierModel m = model(); // fail at recipe time: missing file, bad format, unknown labels
    for (String l : config.keepLabels()) {
      checkArgument(m.labels().contains(l), "keep_labels: model " + config.model() + " has no label '" + l + "'; its labels: " + m.labels());
    }
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    ClassifierModel cm = model();
    double[] p = cm.predict(doc.text());
    Map<String, Object> meta = new LinkedHashMap<>();
    List<String> labels = cm.labels();
    for (int i = 0; i < labels.size(); i++) {
      p[i] = Math.round(p[i] * 1e4) / 1e4;
      meta.put(config.prefix() + labels.get(i), p[i]);
    }
    meta.put(config.prefix() + LABEL_KEY, labels.get(ClassifierModel.argmax(p)));
    Document scored = doc.withMeta(meta);
    if (!config.keepLabels().isEmpty()) {
      double s = 0;
      for (int i : keep) {
        s += p[i];
      }
      if (s < config.minScore() - 1e-9) {
        return m.dropAs(config.prefix() + "below_min_score", scored);
      }
    }
    return m.keep(scored);
  }

  private ClassifierModel model() {
    ClassifierModel m = model;
    if (m == null) {
      synchronized (this) {
        m = model;
        if (m == null) {
          m = Cache.get(Path.of(config.model()));
          int[] k = new int[config.keepLabels().size()];
          for (int i = 0; i < k.length; i++) {
            k[i] = m.labels().indexOf(config.keepLabels().get(i));
          }
          keep = k;
          model = m;
        }
      }
    }
    return m;
  }

  /** Loaded models, one per file version, shared by every stage instance in the JVM (they are immutable). */
  static final class Cache {
    private Cache() {}

    private record Key(Path path, long size, FileTime modified) {}

    private static final Map<Key, ClassifierModel> MODELS = new ConcurrentHashMap<>();

    static ClassifierModel get(Path file) {
      Path p = file.toAbsolutePath().normalize();
      Key key;
      try {
        key = new Key(p, Files.size(p), Files.getLastModifiedTime(p));
      } catch (IOException e) {
        throw new IllegalArgumentException("classifier model " + file + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
      ClassifierModel m = MODELS.get(key);
      if (m != null) {
        return m;
      }
      MODELS.keySet().removeIf(old -> old.path().equals(p)); // an older version of the same file
      return MODELS.computeIfAbsent(key, k -> {
        try {
          return ClassifierModel.load(k.path());
        } catch (IOException e) {
          throw new IllegalArgumentException("classifier model " + file + " cannot be loaded: " + e.getMessage(), e);
        }
      });
    }
  }
}
