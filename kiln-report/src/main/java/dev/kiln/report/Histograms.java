package dev.kiln.report;

import dev.kiln.core.stage.StageRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Histograms of sampled values, scaled to estimated document counts, with the stage's thresholds.
 *
 * <p><b>Thresholds</b> follow one convention: a measure named {@code stage.m} (or {@code m}) is drawn
 * against the stage parameters {@code min_m} and {@code max_m} (e.g. {@code gopher_quality.mean_word_length}
 * against {@code min_mean_word_length}, {@code chars} against {@code length_filter}'s {@code min_chars});
 * negative values mean "rule off" and are not drawn; {@code overrides} under {@code by} add one line
 * per value. Thresholds far outside the data are listed, not drawn.
 *
 * <p><b>Scale</b>: counts (non-negative integers spanning more than a factor of 20, largest at least
 * 50: lengths, words, tokens) get bins on log10(1 + x); everything else linear bins.
 */
final class Histograms {
  static final int BINS = 30;
  /** Series drawn per chart: kept, then the most frequent drop reasons, the rest as "other reasons". */
  static final int MAX_REASONS = 6;

  private Histograms() {}

  /** Values of one column: kept, and dropped per reason; with the scale factors from samples to counts. */
  record Sample(List<Double> kept, Map<String, List<Double>> dropped, double keptScale, double droppedScale) {}

  record Threshold(String param, double value, String label) {}

  static Map<String, Object> chart(String id, String stage, String column, Sample s, List<Threshold> thresholds) {
    List<Double> all = new ArrayList<>(s.kept);
    s.dropped.values().forEach(all::addAll);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("type", "histogram");
    c.put("stage", stage);
    c.put("column", column);
    c.put("title", column);
    if (all.isEmpty()) {
      return null;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean integral = true;
    for (double v : all) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      integral &= v == Math.rint(v);
    }
    boolean log = integral && min >= 0 && max >= 50 && (max + 1) / (min + 1) >= 20;
    double lo = t(min, log);
    double hi = t(max, log);
    List<Map<String, Object>> drawn = new ArrayList<>();
    List<Map<String, Object>> off = new ArrayList<>();
    double span = Math.max(hi - lo, 1e-9);
    for (Threshold th : thresholds) {
      double x = t(th.value, log);
      boolean near = x >= lo - span * 0.5 && x <= hi + span * 0.5 && !(log && th.value < 0);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("param", th.param);
      m.put("value", th.value);
      m.put("label", th.label);
      (near ? drawn : off).add(m);
      if (near) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    int bins = BINS;
    if (integral && !log && hi - lo + 1 <= BINS) {
      // one bin per integer value
      bins = (int) Math.round(hi - lo) + 1;
      lo -= 0.5;
      hi += 0.5;
    } else if (hi - lo < 1e-12) {
      double pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 0.5;
      lo -= pad;
      hi += pad;
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = inv(lo + (hi - lo) * i / bins, log);
    }
    List<Map<String, Object>> series = new ArrayList<>();
    series.add(series("kept", "kept", counts(s.kept, lo, hi, bins, log, s.keptScale)));
    // Reasons by sampled frequency (ties by name), the rest together.
    List<Map.Entry<String, List<Double>>> reasons = new ArrayList<>(s.dropped.entrySet());
    reasons.sort((a, b) -> a.getValue().size() != b.getValue().size() ? b.getValue().size() - a.getValue().size() : a.getKey().compareTo(b.getKey()));
    List<Double> rest = new ArrayList<>();
    for (int i = 0; i < reasons.size(); i++) {
      if (i < MAX_REASONS) {
        series.add(series("dropped", reasons.get(i).getKey(), counts(reasons.get(i).getValue(), lo, hi, bins, log, s.droppedScale)));
      } else {
        rest.addAll(reasons.get(i).getValue());
      }
    }
    if (!rest.isEmpty()) {
      series.add(series("dropped", "other reasons", counts(rest, lo, hi, bins, log, s.droppedScale)));
    }
    c.put("scale", log ? "log1p" : "linear");
    c.put("edges", rounded(edges));
    c.put("integral", integral);
    c.put("series", series);
    c.put("thresholds", drawn);
    c.put("off_chart", off);
    c.put("sampled", all.size());
    c.put("min", min);
    c.put("max", max);
    return c;
  }

  private static Map<String, Object> series(String kind, String name, double[] counts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("name", name);
    List<Long> c = new ArrayList<>();
    for (double v : counts) {
      c.add(Math.round(v));
    }
    m.put("counts", c);
    return m;
  }

  private static double[] counts(List<Double> values, double lo, double hi, int bins, boolean log, double scale) {
    double[] c = new double[bins];
    for (double v : values) {
      int b = (int) Math.floor((t(v, log) - lo) / (hi - lo) * bins);
      c[Math.max(0, Math.min(bins - 1, b))] += scale;
    }
    return c;
  }

  private static double t(double v, boolean log) {
    return log ? Math.log10(1 + Math.max(0, v)) : v;
  }

  private static double inv(double x, boolean log) {
    return log ? Math.pow(10, x) - 1 : x;
  }

  private static List<Double> rounded(double[] edges) {
    List<Double> out = new ArrayList<>();
    for (double e : edges) {
      out.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", e)));
    }
    return out;
  }

  /** The thresholds of a measure among a stage's parameters (see the class comment). */
  @SuppressWarnings("unchecked")
  static List<Threshold> thresholds(String column, Map<String, Object> params, List<StageRegistry.Bound> bounds) {
    String m = column.substring(column.lastIndexOf('.') + 1);
    List<Threshold> out = new ArrayList<>();
    add(out, params, m, bounds, column, "");
    Object by = params.get("by");
    if (params.get("overrides") instanceof Map<?, ?> overrides) {
      new TreeMap<>((Map<String, Object>) overrides).forEach((value, p) -> {
        if (p instanceof Map<?, ?> pm) {
          add(out, (Map<String, Object>) pm, m, bounds, column, by + "=" + value + ": ");
        }
      });
    }
    return out;
  }

  /** Thresholds of a column among {@code params}: {@code min_m}/{@code max_m} by name, and those the stage declares. */
  @SuppressWarnings("unchecked")
  private static void add(List<Threshold> out, Map<String, Object> params, String m, List<StageRegistry.Bound> bounds, String column, String prefix) {
    for (String k : List.of("min_" + m, "max_" + m)) {
      threshold(out, k, params.get(k), prefix + k);
    }
    for (StageRegistry.Bound b : bounds == null ? List.<StageRegistry.Bound>of() : bounds) {
      if (column.equals(b.measure()) || column.endsWith("." + b.measure())) {
        Object v = params.get(b.param());
        threshold(out, b.param(), b.key() == null ? v : v instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(b.key()) : null,
            prefix + b.param() + (b.key() == null ? "" : "[" + b.key() + "]"));
      }
    }
  }

  /** A line at a parameter's value; negative values mean "rule off" and are not drawn. */
  private static void threshold(List<Threshold> out, String param, Object value, String label) {
    if (value instanceof Number n && n.doubleValue() >= 0) {
      out.add(new Threshold(param, n.doubleValue(), label + " = " + fmt(n.doubleValue())));
    }
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
  }
}
