package dev.kiln.clean.classify;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, per-label precision/recall/F1 and macro F1 from gold and predicted labels. A gold label
 * the model does not know is simply never predicted (all its examples count as errors).
 */
public final class Evaluation {
  private final List<String> labels;
  private final long[][] confusion; // [gold][predicted]
  private final long total;

  private Evaluation(List<String> labels, long[][] confusion, long total) {
    this.labels = labels;
    this.confusion = confusion;
    this.total = total;
  }

  public static Evaluation of(List<String> gold, List<String> predicted) {
    checkArgument(gold.size() == predicted.size(), "gold and predicted differ in size: " + gold.size() + " vs " + predicted.size());
    TreeSet<String> set = new TreeSet<>(gold);
    set.addAll(predicted);
    List<String> labels = new ArrayList<>(set);
    long[][] m = new long[labels.size()][labels.size()];
    for (int i = 0; i < gold.size(); i++) {
      m[labels.indexOf(gold.get(i))][labels.indexOf(predicted.get(i))]++;
    }
    return new Evaluation(labels, m, gold.size());
  }

  /** Predicts every example with the model and compares with its label. */
  public static Evaluation of(ClassifierModel model, List<Example> examples) {
    List<String> gold = new ArrayList<>(examples.size());
    List<String> pred = new ArrayList<>(examples.size());
    for (Example e : examples) {
      gold.add(e.label());
      pred.add(model.labels().get(ClassifierModel.argmax(model.predict(e.text()))));
    }
    return of(gold, pred);
  }

  public List<String> labels() {
    return labels;
  }

  public long total() {
    return total;
  }

  public long count(String gold, String predicted) {
    int g = labels.indexOf(gold);
    int p = labels.indexOf(predicted);
    return g < 0 || p < 0 ? 0 : confusion[g][p];
  }

  public double accuracy() {
    long right = 0;
    for (int i = 0; i < labels.size(); i++) {
      right += confusion[i][i];
    }
    return total == 0 ? 0 : (double) right / total;
  }

  public long support(String label) {
    int i = labels.indexOf(label);
    long s = 0;
    for (long c : confusion[i]) {
      s += c;
    }
    return s;
  }

  public double precision(String label) {
    int i = labels.indexOf(label);
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[i];
    }
    return predicted == 0 ? 0 : (double) confusion[i][i] / predicted;
  }

  public double recall(String label) {
    long s = support(label);
    return s == 0 ? 0 : (double) confusion[labels.indexOf(label)][labels.indexOf(label)] / s;
  }

  public double f1(String label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over the labels that occur in the gold data. */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (String l : labels) {
      if (support(l) > 0) {
        sum += f1(l);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** A plain-text report: accuracy, macro F1, a row per label, the confusion matrix. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("examples %d  accuracy %.4f  macro-F1 %.4f%n", total, accuracy(), macroF1()));
    int w = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(5) + 1);
    sb.append(String.format("%-" + w + "s %9s %9s %9s %8s%n", "label", "precision", "recall", "F1", "support"));
    for (String l : labels) {
      sb.append(String.format("%-" + w + "s %9.4f %9.4f %9.4f %8d%n", l, precision(l), recall(l), f1(l), support(l)));
    }
    sb.append("confusion (rows: gold, columns: predicted)\n");
    sb.append(String.format("%-" + w + "s", ""));
    for (String l : labels) {
      sb.append(String.format(" %" + w + "s", l));
    }
    sb.append('\n');
    for (int g = 0; g < labels.size(); g++) {
      sb.append(String.format("%-" + w + "s", labels.get(g)));
      for (int p = 0; p < labels.size(); p++) {
        sb.append(String.format(" %" + w + "d", confusion[g][p]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #toMap} plus {@code extra} entries to {@code file} as pretty-printed JSON (parent directories created). */
  public void writeJson(Path file, Map<String, Object> extra) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>(toMap());
    m.putAll(extra);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
  }

  /** The metrics as JSON-ready maps. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("examples", total);
    m.put("accuracy", accuracy());
    m.put("macro_f1", macroF1());
    Map<String, Object> per = new LinkedHashMap<>();
    for (String l : labels) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("precision", precision(l));
      x.put("recall", recall(l));
      x.put("f1", f1(l));
      x.put("support", support(l));
      per.put(l, x);
    }
    m.put("labels", per);
    Map<String, Object> conf = new LinkedHashMap<>();
    for (int g = 0; g < labels.size(); g++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int p = 0; p < labels.size(); p++) {
        row.put(labels.get(p), confusion[g][p]);
      }
      conf.put(labels.get(g), row);
    }
    m.put("confusion", conf);
    return m;
  }
}
