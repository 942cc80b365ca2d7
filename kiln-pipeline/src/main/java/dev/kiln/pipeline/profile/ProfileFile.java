package dev.kiln.pipeline.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * {@code profile.json}, what reports are drawn from: per stage in pipeline order, its kind
 * ({@code read}, {@code document}, {@code global}), stage type and parameters (defaults filled in),
 * rows of measured values (a column list, then per row: id hash, drop reason or null, one value per
 * column), sampled documents and breakdowns. Written and read here only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileFile(String recipe, Limits limits, LinkedHashMap<String, Section> stages) {
  public static final String NAME = "profile.json";

  /** The sampling limits the file was made with. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Limits(int keptRows, int droppedRows, int docs, int excerptChars, List<String> breakdownKeys) {
    static final Limits CURRENT = new Limits(Samples.KEPT_ROWS, Samples.DROPPED_ROWS, Samples.DOCS, Profiler.EXCERPT_CHARS, Breakdown.KEYS);
  }

  /** One stage: what it is, and what was sampled of it (null parts: nothing sampled). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Section(String kind, String stage, Map<String, Object> params, List<StageRegistry.Bound> bounds, Rows rows, Docs docs,
      Map<String, TreeMap<String, Breakdown.Counts>> breakdown) {}

  /** Measured values: per row its id hash, drop reason (null: kept), then one value per column (null: not measured). */
  public record Rows(List<String> columns, List<List<Object>> kept, List<List<Object>> dropped) {
    /** The values of one column in the kept rows. */
    public List<Double> kept(String column) {
      return values(column, kept).getOrDefault(null, List.of());
    }

    /** The values of one column in the dropped rows, by drop reason. */
    public Map<String, List<Double>> dropped(String column) {
      return values(column, dropped);
    }

    private Map<String, List<Double>> values(String column, List<List<Object>> rows) {
      int i = columns.indexOf(column);
      Map<String, List<Double>> byReason = new java.util.HashMap<>();
      for (List<Object> r : rows) {
        if (i >= 0 && r.get(i + 2) instanceof Number n) {
          byReason.computeIfAbsent((String) r.get(1), x -> new ArrayList<>()).add(n.doubleValue());
        }
      }
      return byReason;
    }
  }

  /** Documents for the viewer: kept, and dropped by reason. */
  public record Docs(List<SampledDoc> kept, Map<String, List<SampledDoc>> dropped) {}

  /** What a stage was, for its section: kind, type, parameters, and the thresholds its parameters declare (null: none). */
  public record StageInfo(String kind, String stage, Map<String, Object> params, List<StageRegistry.Bound> bounds) {}

  /**
   * The file of a run: {@code info} gives each stage's kind, type and parameters in pipeline order
   * (the read stage: kind only), {@code profile} what was sampled; {@code redact} scrubs the sampled
   * documents' text, id and detail (the recipe's {@code Redacting} stages).
   */
  public static ProfileFile of(String recipe, Map<String, StageInfo> info, RunProfile profile, UnaryOperator<String> redact) {
    LinkedHashMap<String, Section> stages = new LinkedHashMap<>();
    info.forEach((name, i) -> {
      RunProfile.Stage p = profile.get(name);
      Samples s = p == null ? new Samples() : p.samples();
      Breakdown b = p == null ? new Breakdown() : p.breakdown();
      stages.put(name, new Section(i.kind(), i.stage(), i.params(), i.bounds(), rows(s), docs(s, redact), b.isEmpty() ? null : b.counts()));
    });
    return new ProfileFile(recipe, Limits.CURRENT, stages);
  }

  private static Rows rows(Samples s) {
    if (s.keptRows().isEmpty() && s.droppedRows().isEmpty()) {
      return null;
    }
    TreeSet<String> columns = new TreeSet<>();
    s.keptRows().items().forEach(r -> columns.addAll(r.values().keySet()));
    s.droppedRows().items().forEach(r -> columns.addAll(r.values().keySet()));
    List<String> cols = new ArrayList<>(columns);
    return new Rows(cols, table(s.keptRows().items(), cols), table(s.droppedRows().items(), cols));
  }

  private static List<List<Object>> table(List<Row> rows, List<String> cols) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<Object> a = new ArrayList<>(cols.size() + 2);
      a.add(r.hash());
      a.add(r.reason());
      for (String c : cols) {
        Double v = r.values().get(c);
        a.add(v == null ? null : number(v));
      }
      out.add(a);
    }
    return out;
  }

  /** Integral values as integers, so JSON reads naturally and round-trips to the same double. */
  private static Object number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
  }

  /** The viewer's documents, their id, detail and text redacted (personal data a recipe scrubs never shows). */
  private static Docs docs(Samples s, UnaryOperator<String> redact) {
    if (s.keptDocs().isEmpty() && s.droppedDocs().isEmpty()) {
      return null;
    }
    Map<String, List<SampledDoc>> dropped = new LinkedHashMap<>();
    s.droppedDocs().forEach((reason, d) -> dropped.put(reason, redacted(d.items(), redact)));
    return new Docs(redacted(s.keptDocs().items(), redact), dropped);
  }

  private static List<SampledDoc> redacted(List<SampledDoc> docs, UnaryOperator<String> redact) {
    return docs.stream().map(d -> new SampledDoc(d.hash(), redact.apply(d.id()), d.reason(), redact.apply(d.detail()), d.chars(),
        redact.apply(d.text()), d.meta())).toList();
  }

  public byte[] toBytes() throws IOException {
    return Json.MAPPER.writeValueAsBytes(this);
  }

  public static ProfileFile read(byte[] json) throws IOException {
    return Json.MAPPER.readValue(json, ProfileFile.class);
  }
}
