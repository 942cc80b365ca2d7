package dev.kiln.core.stats;

import dev.kiln.core.Document;
import dev.kiln.core.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a report shows of a stage besides its counts, in bounded memory, deterministic and mergeable
 * like {@link StageStats} (it rides in the stage's stats through task markers and engine merges):
 *
 * <ul>
 *   <li><b>rows</b>: the measured values of a sample of documents, the {@value #KEPT_ROWS} kept and
 *       {@value #DROPPED_ROWS} dropped documents with the smallest {@link #hash(String) hash of their
 *       id} (bottom-k: the same documents whatever the partitioning or merge order, unlike reservoir
 *       sampling). A row holds the document's length as the stage saw it ({@value #CHARS}, code
 *       points), the drop reason, and the numeric metadata the stage added or changed.
 *   <li><b>docs</b>: a few documents ({@value #DOCS}) kept, and dropped per reason, with an excerpt of
 *       their text, for a sample viewer; again bottom-k by id hash.
 *   <li><b>breakdown</b>: documents, characters and tokens by {@link #BREAKDOWN_KEYS} metadata value
 *       (recorded where the pipeline asks: the documents read, and those written).
 * </ul>
 *
 * Every cap keeps the alphabetically first names (reasons, columns, values), so a result never
 * depends on the order in which parts are merged.
 */
public final class StageProfile {
  /** Rows of kept documents sampled per stage. */
  public static final int KEPT_ROWS = 1024;
  /** Rows of dropped documents sampled per stage (all reasons together). */
  public static final int DROPPED_ROWS = 512;
  /** Documents sampled per stage for the viewer: kept, and dropped per reason. */
  public static final int DOCS = 8;
  /** Characters of text kept with a sampled document. */
  public static final int EXCERPT_CHARS = 600;
  /** Measured values kept per row. */
  public static final int MAX_COLUMNS = 48;
  /** Drop reasons with sampled documents. */
  public static final int MAX_REASONS = 32;
  /** Values per breakdown key; the rest count under {@value #OTHER}. */
  public static final int MAX_VALUES = 200;
  /** Metadata keys documents are broken down by. */
  public static final List<String> BREAKDOWN_KEYS = List.of("source", "lang", "domain");
  /** Row column: the document's length in code points as the stage saw it. */
  public static final String CHARS = "chars";
  /** Row column: the length of the text a kept document left the stage with, when the stage changed it. */
  public static final String CHARS_OUT = "chars_out";
  /** Metadata key of a document's token count. */
  public static final String TOKENS = "tokens";
  public static final String OTHER = "(other)";
  public static final String NONE = "(none)";

  private static final long SEED = 0x6b696c6eL;

  /** A document's sampling hash: the same for a document id in every stage, task and engine. */
  public static long hash(String id) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return Hashing.hash64(b, 0, b.length, SEED);
  }

  /** One sampled document's measured values; reason null when kept. */
  public record Row(long hash, String reason, TreeMap<String, Double> values) {
    static final Comparator<Row> ORDER = Comparator.comparingLong(Row::hash)
        .thenComparing(Row::reason, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(r -> r.values.toString());
  }

  /** One sampled document for the viewer; reason null when kept. */
  public record Doc(long hash, String id, String reason, String detail, long chars, String text, Map<String, Object> meta) {
    static final Comparator<Doc> ORDER = Comparator.comparingLong(Doc::hash).thenComparing(Doc::id)
        .thenComparing(d -> String.valueOf(d.reason)).thenComparing(d -> String.valueOf(d.detail))
        .thenComparing(d -> String.valueOf(d.text)).thenComparing(d -> d.meta.toString());
  }

  private final BottomK<Row> keptRows = new BottomK<>(KEPT_ROWS, Row.ORDER);
  private final BottomK<Row> droppedRows = new BottomK<>(DROPPED_ROWS, Row.ORDER);
  private final BottomK<Doc> keptDocs = new BottomK<>(DOCS, Doc.ORDER);
  private final TreeMap<String, BottomK<Doc>> droppedDocs = new TreeMap<>();
  private final TreeMap<String, TreeMap<String, long[]>> breakdown = new TreeMap<>();

  public boolean isEmpty() {
    return keptRows.isEmpty() && droppedRows.isEmpty() && keptDocs.isEmpty() && droppedDocs.isEmpty() && breakdown.isEmpty();
  }

  /** True when a row of this hash could enter the sample of kept (reason null) or dropped documents. */
  public boolean wantsRow(long hash, String reason) {
    return (reason == null ? keptRows : droppedRows).wants(hash);
  }

  /** True when a document of this hash could enter the sample of kept documents. */
  public boolean wantsKept(long hash) {
    return keptDocs.wants(hash);
  }

  /** True when a document of this hash could enter the sample of documents dropped for this reason. */
  public boolean wantsDropped(long hash, String reason) {
    BottomK<Doc> d = droppedDocs.get(reason);
    return d == null ? droppedDocs.size() < MAX_REASONS || reason.compareTo(droppedDocs.lastKey()) < 0 : d.wants(hash);
  }

  /** Adds a row: a document's values (column to value); non-finite values are left out. */
  public void row(long hash, String reason, Map<String, Double> values) {
    BottomK<Row> rows = reason == null ? keptRows : droppedRows;
    if (!rows.wants(hash)) {
      return;
    }
    TreeMap<String, Double> v = new TreeMap<>();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (e.getValue() != null && Double.isFinite(e.getValue())) {
        v.put(e.getKey(), e.getValue());
      }
    }
    while (v.size() > MAX_COLUMNS) {
      v.pollLastEntry();
    }
    rows.offer(new Row(hash, reason, v));
  }

  /** Samples a kept document (as the stage passed it on), with the values it measured. */
  public void kept(long hash, Document doc, Map<String, Double> measured) {
    if (keptDocs.wants(hash)) {
      keptDocs.offer(doc(hash, doc.id(), null, null, doc, measured));
    }
  }

  /**
   * Samples a dropped document: its id, reason, detail (e.g. a kept twin), and, when given, the
   * document (for its text and labels) and the values the stage measured.
   */
  public void dropped(long hash, String id, String reason, String detail, Document doc, Map<String, Double> measured) {
    BottomK<Doc> docs = reasonSample(reason);
    if (docs != null && docs.wants(hash)) {
      docs.offer(doc(hash, id, reason, detail, doc, measured));
    }
  }

  /** The sample of a drop reason, or null when the reason is beyond the cap (alphabetically). */
  private BottomK<Doc> reasonSample(String reason) {
    BottomK<Doc> docs = droppedDocs.get(reason);
    if (docs == null) {
      if (droppedDocs.size() >= MAX_REASONS && reason.compareTo(droppedDocs.lastKey()) > 0) {
        return null;
      }
      docs = new BottomK<>(DOCS, Doc.ORDER);
      droppedDocs.put(reason, docs);
      while (droppedDocs.size() > MAX_REASONS) {
        droppedDocs.pollLastEntry();
      }
    }
    return droppedDocs.get(reason);
  }

  private static Doc doc(long hash, String id, String reason, String detail, Document doc, Map<String, Double> measured) {
    Map<String, Object> meta = new TreeMap<>();
    long chars = -1;
    String text = null;
    if (doc != null) {
      for (String k : BREAKDOWN_KEYS) {
        Object v = doc.meta(k);
        if (v != null) {
          meta.put(k, v.toString());
        }
      }
      String t = doc.text();
      chars = t.codePointCount(0, t.length());
      text = excerpt(t);
    }
    if (measured != null) {
      measured.forEach((k, v) -> {
        if (v != null && Double.isFinite(v) && !k.equals(CHARS)) {
          meta.put(k, v);
        }
      });
    }
    return new Doc(hash, id, reason, detail, chars, text, meta);
  }

  /** The start of a text, cut on a code point boundary. */
  public static String excerpt(String text) {
    if (text.length() <= EXCERPT_CHARS) {
      return text;
    }
    int end = EXCERPT_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  /** Counts a document under each breakdown key's value: documents, characters, tokens. */
  public void breakdown(Document doc) {
    String t = doc.text();
    breakdown(doc, t.codePointCount(0, t.length()));
  }

  /** {@link #breakdown(Document)} with the text's code points already counted. */
  public void breakdown(Document doc, long chars) {
    long tokens = doc.meta(TOKENS) instanceof Number n ? n.longValue() : 0;
    for (String key : BREAKDOWN_KEYS) {
      Object v = doc.meta(key);
      add(key, v == null ? NONE : v.toString(), new long[] {1, chars, tokens});
    }
  }

  private void add(String key, String value, long[] counts) {
    TreeMap<String, long[]> values = breakdown.computeIfAbsent(key, k -> new TreeMap<>());
    long[] c = values.get(value);
    if (c == null) {
      c = new long[3];
      values.put(value, c);
    }
    for (int i = 0; i < 3; i++) {
      c[i] += counts[i];
    }
    // Keep the alphabetically first values; the rest fold into OTHER (order-independent).
    while (named(values) > MAX_VALUES) {
      String last = lastNamed(values);
      long[] gone = values.remove(last);
      long[] other = values.computeIfAbsent(OTHER, k -> new long[3]);
      for (int i = 0; i < 3; i++) {
        other[i] += gone[i];
      }
    }
  }

  private static int named(TreeMap<String, long[]> values) {
    return values.size() - (values.containsKey(OTHER) ? 1 : 0);
  }

  private static String lastNamed(TreeMap<String, long[]> values) {
    String last = values.lastKey();
    return last.equals(OTHER) ? values.lowerKey(OTHER) : last;
  }

  public void merge(StageProfile o) {
    o.keptRows.items().forEach(keptRows::offer);
    o.droppedRows.items().forEach(droppedRows::offer);
    o.keptDocs.items().forEach(keptDocs::offer);
    o.droppedDocs.forEach((reason, docs) -> {
      BottomK<Doc> mine = reasonSample(reason);
      if (mine != null) {
        docs.items().forEach(mine::offer);
      }
    });
    o.breakdown.forEach((key, values) -> values.forEach((value, counts) -> add(key, value, counts)));
  }

  public List<Row> keptRows() {
    return keptRows.items();
  }

  public List<Row> droppedRows() {
    return droppedRows.items();
  }

  public List<Doc> keptDocs() {
    return keptDocs.items();
  }

  public Map<String, List<Doc>> droppedDocs() {
    Map<String, List<Doc>> m = new LinkedHashMap<>();
    droppedDocs.forEach((k, v) -> m.put(k, v.items()));
    return m;
  }

  /** Key, value, {documents, chars, tokens}. */
  public Map<String, Map<String, long[]>> breakdown() {
    Map<String, Map<String, long[]>> m = new LinkedHashMap<>();
    breakdown.forEach((k, v) -> {
      Map<String, long[]> c = new LinkedHashMap<>();
      v.forEach((value, counts) -> c.put(value, counts.clone()));
      m.put(k, c);
    });
    return m;
  }

  // ---- JSON form (task markers, Spark reports, profile.json) ----

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!keptRows.isEmpty() || !droppedRows.isEmpty()) {
      TreeSet<String> columns = new TreeSet<>();
      keptRows.items().forEach(r -> columns.addAll(r.values.keySet()));
      droppedRows.items().forEach(r -> columns.addAll(r.values.keySet()));
      List<String> cols = new ArrayList<>(columns);
      Map<String, Object> rows = new LinkedHashMap<>();
      rows.put("columns", cols);
      rows.put("kept", rowList(keptRows.items(), cols));
      rows.put("dropped", rowList(droppedRows.items(), cols));
      m.put("rows", rows);
    }
    if (!keptDocs.isEmpty() || !droppedDocs.isEmpty()) {
      Map<String, Object> docs = new LinkedHashMap<>();
      docs.put("kept", keptDocs.items().stream().map(StageProfile::docMap).toList());
      Map<String, Object> dropped = new LinkedHashMap<>();
      droppedDocs.forEach((reason, d) -> dropped.put(reason, d.items().stream().map(StageProfile::docMap).toList()));
      docs.put("dropped", dropped);
      m.put("docs", docs);
    }
    if (!breakdown.isEmpty()) {
      Map<String, Object> b = new LinkedHashMap<>();
      breakdown.forEach((key, values) -> {
        Map<String, Object> vm = new LinkedHashMap<>();
        values.forEach((value, c) -> {
          Map<String, Object> cm = new LinkedHashMap<>();
          cm.put("documents", c[0]);
          cm.put("chars", c[1]);
          cm.put("tokens", c[2]);
          vm.put(value, cm);
        });
        b.put(key, vm);
      });
      m.put("breakdown", b);
    }
    return m;
  }

  private static List<Object> rowList(List<Row> rows, List<String> cols) {
    List<Object> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<Object> a = new ArrayList<>(cols.size() + 2);
      a.add(r.hash);
      a.add(r.reason);
      for (String c : cols) {
        Double v = r.values.get(c);
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

  private static Map<String, Object> docMap(Doc d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hash", d.hash);
    m.put("id", d.id);
    if (d.reason != null) {
      m.put("reason", d.reason);
    }
    if (d.detail != null) {
      m.put("detail", d.detail);
    }
    if (d.chars >= 0) {
      m.put("chars", d.chars);
    }
    if (d.text != null) {
      m.put("text", d.text);
    }
    if (!d.meta.isEmpty()) {
      Map<String, Object> meta = new LinkedHashMap<>();
      d.meta.forEach((k, v) -> meta.put(k, v instanceof Double x ? number(x) : v));
      m.put("meta", meta);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  public static StageProfile fromMap(Map<String, Object> m) {
    StageProfile p = new StageProfile();
    Map<String, Object> rows = (Map<String, Object>) m.get("rows");
    if (rows != null) {
      List<String> cols = (List<String>) rows.get("columns");
      for (String stratum : List.of("kept", "dropped")) {
        for (Object o : (List<Object>) rows.getOrDefault(stratum, List.of())) {
          List<Object> a = (List<Object>) o;
          TreeMap<String, Double> v = new TreeMap<>();
          for (int i = 0; i < cols.size(); i++) {
            Object x = a.get(i + 2);
            if (x != null) {
              v.put(cols.get(i), ((Number) x).doubleValue());
            }
          }
          Row r = new Row(((Number) a.get(0)).longValue(), (String) a.get(1), v);
          (r.reason == null ? p.keptRows : p.droppedRows).offer(r);
        }
      }
    }
    Map<String, Object> docs = (Map<String, Object>) m.get("docs");
    if (docs != null) {
      for (Object o : (List<Object>) docs.getOrDefault("kept", List.of())) {
        p.keptDocs.offer(docFrom((Map<String, Object>) o));
      }
      ((Map<String, Object>) docs.getOrDefault("dropped", Map.of())).forEach((reason, list) -> {
        BottomK<Doc> d = p.reasonSample(reason);
        for (Object o : (List<Object>) list) {
          if (d != null) {
            d.offer(docFrom((Map<String, Object>) o));
          }
        }
      });
    }
    Map<String, Object> b = (Map<String, Object>) m.get("breakdown");
    if (b != null) {
      b.forEach((key, values) -> ((Map<String, Object>) values).forEach((value, counts) -> {
        Map<String, Object> c = (Map<String, Object>) counts;
        p.add(key, value, new long[] {((Number) c.get("documents")).longValue(), ((Number) c.get("chars")).longValue(),
            ((Number) c.get("tokens")).longValue()});
      }));
    }
    return p;
  }

  @SuppressWarnings("unchecked")
  private static Doc docFrom(Map<String, Object> m) {
    Map<String, Object> meta = new TreeMap<>();
    ((Map<String, Object>) m.getOrDefault("meta", Map.of())).forEach((k, v) -> meta.put(k, v instanceof Number n ? (Object) n.doubleValue() : v));
    return new Doc(((Number) m.get("hash")).longValue(), (String) m.get("id"), (String) m.get("reason"), (String) m.get("detail"),
        m.containsKey("chars") ? ((Number) m.get("chars")).longValue() : -1, (String) m.get("text"), meta);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageProfile p && toMap().equals(p.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  /** The k smallest items of a total order: the same k items whatever order they arrive or merge in. */
  static final class BottomK<T> {
    private final int k;
    private final TreeSet<T> items;
    private final Comparator<T> order;

    BottomK(int k, Comparator<T> order) {
      this.k = k;
      this.order = order;
      this.items = new TreeSet<>(order);
    }

    boolean isEmpty() {
      return items.isEmpty();
    }

    /** False when an item with this hash cannot enter (the first comparison is always the hash). */
    boolean wants(long hash) {
      if (items.size() < k) {
        return true;
      }
      T last = items.last();
      long h = last instanceof Row r ? r.hash : ((Doc) last).hash;
      return hash <= h;
    }

    void offer(T item) {
      Objects.requireNonNull(item);
      if (items.size() < k) {
        items.add(item);
      } else if (order.compare(item, items.last()) < 0 && items.add(item)) {
        items.pollLast();
      }
    }

    List<T> items() {
      return new ArrayList<>(items);
    }
  }
}
