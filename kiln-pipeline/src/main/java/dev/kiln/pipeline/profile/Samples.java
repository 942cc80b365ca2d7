package dev.kiln.pipeline.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a report shows of one stage's documents, in bounded memory, deterministic and mergeable:
 * rows of measured values of the {@value #KEPT_ROWS} kept and {@value #DROPPED_ROWS} dropped
 * documents with the smallest id hash, and a few whole documents ({@value #DOCS} kept, and as many
 * per drop reason for at most {@value #MAX_REASONS} reasons, the alphabetically first) for a viewer.
 */
public final class Samples {
  /** Rows of kept documents. */
  public static final int KEPT_ROWS = 1024;
  /** Rows of dropped documents (all reasons together). */
  public static final int DROPPED_ROWS = 512;
  /** Documents for the viewer: kept, and dropped per reason. */
  public static final int DOCS = 8;
  /** Drop reasons with sampled documents. */
  public static final int MAX_REASONS = 32;
  /** Measured values kept per row (the alphabetically first). */
  public static final int MAX_COLUMNS = 48;

  @JsonProperty
  private final BottomK<Row> keptRows = new BottomK<>(KEPT_ROWS);
  @JsonProperty
  private final BottomK<Row> droppedRows = new BottomK<>(DROPPED_ROWS);
  @JsonProperty
  private final BottomK<SampledDoc> keptDocs = new BottomK<>(DOCS);
  @JsonProperty
  private final TreeMap<String, BottomK<SampledDoc>> droppedDocs = new TreeMap<>();

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return keptRows.isEmpty() && droppedRows.isEmpty() && keptDocs.isEmpty() && droppedDocs.isEmpty();
  }

  /** True when a row of this hash could enter the rows of kept (reason null) or dropped documents. */
  public boolean wantsRow(long hash, String reason) {
    return (reason == null ? keptRows : droppedRows).wants(hash);
  }

  /** True when a document of this hash could enter the viewer's kept (reason null) or dropped documents. */
  public boolean wantsDoc(long hash, String reason) {
    if (reason == null) {
      return keptDocs.wants(hash);
    }
    BottomK<SampledDoc> d = droppedDocs.get(reason);
    return d == null ? droppedDocs.size() < MAX_REASONS || reason.compareTo(droppedDocs.lastKey()) < 0 : d.wants(hash);
  }

  /** Adds a row of values; non-finite values are left out. */
  public void row(long hash, String reason, Map<String, Double> values) {
    BottomK<Row> rows = reason == null ? keptRows : droppedRows;
    if (!rows.wants(hash)) {
      return;
    }
    TreeMap<String, Double> v = new TreeMap<>();
    values.forEach((k, x) -> {
      if (x != null && Double.isFinite(x)) {
        v.put(k, x);
      }
    });
    while (v.size() > MAX_COLUMNS) {
      v.pollLastEntry();
    }
    rows.offer(new Row(hash, reason, v));
  }

  /** Adds a document for the viewer. */
  public void doc(SampledDoc d) {
    BottomK<SampledDoc> docs = d.reason() == null ? keptDocs : reasonSample(d.reason());
    if (docs != null) {
      docs.offer(d);
    }
  }

  /** The sample of a drop reason, or null when the reason is beyond the cap (alphabetically). */
  private BottomK<SampledDoc> reasonSample(String reason) {
    BottomK<SampledDoc> docs = droppedDocs.get(reason);
    if (docs == null) {
      if (droppedDocs.size() >= MAX_REASONS && reason.compareTo(droppedDocs.lastKey()) > 0) {
        return null;
      }
      docs = new BottomK<>(DOCS);
      droppedDocs.put(reason, docs);
      while (droppedDocs.size() > MAX_REASONS) {
        droppedDocs.pollLastEntry();
      }
    }
    return droppedDocs.get(reason);
  }

  public void merge(Samples o) {
    keptRows.merge(o.keptRows);
    droppedRows.merge(o.droppedRows);
    keptDocs.merge(o.keptDocs);
    o.droppedDocs.forEach((reason, docs) -> {
      BottomK<SampledDoc> mine = reasonSample(reason);
      if (mine != null) {
        mine.merge(docs);
      }
    });
  }

  public BottomK<Row> keptRows() {
    return keptRows;
  }

  public BottomK<Row> droppedRows() {
    return droppedRows;
  }

  public BottomK<SampledDoc> keptDocs() {
    return keptDocs;
  }

  public Map<String, BottomK<SampledDoc>> droppedDocs() {
    return java.util.Collections.unmodifiableMap(droppedDocs);
  }
}
