package dev.kiln.pipeline;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.NamedStage;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.StageProfile;
import dev.kiln.core.stats.StageStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consecutive per-document stages run as one function, each stage counted on its own: in, kept,
 * dropped by reason, or quarantined when it throws.
 *
 * <p>It also profiles what it sees for reports ({@link StageProfile}, in the stages' stats): per
 * stage, the measured values (numeric metadata the stage added or changed, and the input length) of
 * a bottom-k sample of documents by id hash, and a few kept and dropped documents with an excerpt.
 * The chain observes the documents entering it as the output of the stage before ({@code entry}:
 * {@code read}, or a global stage, whose measured values are its numeric metadata named
 * {@code <stage>.*}), and counts documents by source, language and domain where the pipeline asks
 * (the documents read, and the documents written).
 */
final class StageChain implements RecordFunction<Document, Document> {
  private static final long serialVersionUID = 1L;

  private final List<NamedStage> stages;
  private final String entry;
  private final boolean entryBreakdown;
  private final String exit;
  /** Metadata key prefixes of the entry stage's measures: {@code minhash_dedup.} and {@code minhash.}. */
  private final String entryPrefix;
  private final String entryWord;
  /** Per JVM and run: lower bounds on the hashes worth sampling (see {@link Bound}). */
  private transient volatile Bounds bounds;

  /**
   * @param entry the stage whose output enters the chain, profiled here (null: none)
   * @param entryBreakdown also count the entering documents by source, language and domain under {@code entry}
   * @param exit count the documents leaving the chain by source, language and domain under this stage (null: none)
   */
  StageChain(List<NamedStage> stages, String entry, boolean entryBreakdown, String exit) {
    for (NamedStage s : stages) {
      if (!(s.stage() instanceof DocumentStage)) {
        throw new IllegalArgumentException(s.accountName() + " is not a per-document stage");
      }
    }
    this.stages = List.copyOf(stages);
    this.entry = entry;
    this.entryBreakdown = entryBreakdown;
    this.exit = exit;
    String base = entry == null ? "" : entry.replaceFirst("#\\d+$", "");
    int us = base.indexOf('_');
    this.entryPrefix = base + ".";
    this.entryWord = us > 0 ? base.substring(0, us) + "." : entryPrefix;
  }

  StageChain(List<NamedStage> stages) {
    this(stages, null, false, null);
  }

  @Override
  public void apply(Document doc, Emitter<Document> out, TaskContext ctx) {
    long hash = StageProfile.hash(doc.id());
    Bounds b = bounds();
    // Code points of the current text, counted once while the text does not change.
    String counted = null;
    long chars = 0;
    if (entry != null) {
      StageProfile p = ctx.stats(entry).profile();
      counted = doc.text();
      chars = chars(counted);
      if (entryBreakdown) {
        p.breakdown(doc, chars);
      }
      int e = stages.size();
      boolean row = p.wantsRow(hash, null) && b.keptRows[e].admits(hash);
      boolean sample = p.wantsKept(hash) && b.keptDocs[e].admits(hash);
      if (row || sample) {
        Map<String, Double> measured = prefixed(doc);
        if (sample) {
          p.kept(hash, doc, measured);
        }
        if (row) {
          Map<String, Double> r = new TreeMap<>(measured);
          r.put(StageProfile.CHARS, (double) chars);
          p.row(hash, null, r);
        }
      }
    }
    for (int i = 0; i < stages.size(); i++) {
      NamedStage s = stages.get(i);
      String name = s.accountName();
      StageStats stats = ctx.stats(name);
      stats.in();
      Outcome o;
      try {
        o = ((DocumentStage) s.stage()).apply(doc);
      } catch (Exception | StackOverflowError e) {
        stats.quarantined();
        ctx.quarantine(QuarantineRecord.ofStage(name, doc.id(), e));
        return;
      }
      o.counters().forEach(stats::add);
      StageProfile p = stats.profile();
      String reason = o.dropReason();
      // Measured only for documents that can still enter a sample (bottom-k by id hash).
      boolean row = p.wantsRow(hash, reason) && (reason == null ? b.keptRows[i] : b.droppedRows[i]).admits(hash);
      boolean sample = reason == null ? p.wantsKept(hash) && b.keptDocs[i].admits(hash)
          : p.wantsDropped(hash, reason) && b.droppedDocs[i].computeIfAbsent(reason, k -> new Bound(StageProfile.DOCS)).admits(hash);
      Map<String, Double> measured = row || sample ? measured(doc, o.doc()) : null;
      if (row) {
        if (counted != doc.text()) {
          counted = doc.text();
          chars = chars(counted);
        }
        Map<String, Double> r = new TreeMap<>(measured);
        r.put(StageProfile.CHARS, (double) chars);
        if (o.kept() && o.doc().text() != doc.text() && !o.doc().text().equals(doc.text())) {
          r.put(StageProfile.CHARS_OUT, (double) chars(o.doc().text()));
        }
        p.row(hash, reason, r);
      }
      if (!o.kept()) {
        stats.dropped(reason);
        if (sample) {
          p.dropped(hash, doc.id(), reason, null, o.doc() != null ? o.doc() : doc, measured);
        }
        ctx.logDrop(name, doc.id(), reason, null);
        return;
      }
      stats.kept();
      if (sample) {
        p.kept(hash, o.doc(), measured);
      }
      doc = o.doc();
    }
    if (exit != null && !(stages.isEmpty() && entryBreakdown && exit.equals(entry))) {
      if (counted != doc.text()) {
        counted = doc.text();
        chars = chars(counted);
      }
      ctx.stats(exit).profile().breakdown(doc, chars);
    }
    out.emit(doc);
  }

  private static long chars(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Numeric (and boolean) metadata the stage added or changed; empty when a drop carries no document. */
  static Map<String, Double> measured(Document in, Document out) {
    Map<String, Double> m = new TreeMap<>();
    if (out == null || out.meta() == in.meta()) {
      return m;
    }
    for (Map.Entry<String, Object> e : out.meta().entrySet()) {
      Double v = number(e.getValue());
      if (v == null) {
        continue;
      }
      Object before = in.meta().get(e.getKey());
      if (before != e.getValue() && !e.getValue().equals(before)) {
        m.put(e.getKey(), v);
      }
    }
    return m;
  }

  /** Numeric metadata under the entry stage's name ({@code minhash_dedup.} or {@code minhash.}): a global stage's measures. */
  private Map<String, Double> prefixed(Document doc) {
    Map<String, Double> m = new TreeMap<>();
    for (Map.Entry<String, Object> e : doc.meta().entrySet()) {
      if (e.getKey().startsWith(entryPrefix) || e.getKey().startsWith(entryWord)) {
        Double v = number(e.getValue());
        if (v != null) {
          m.put(e.getKey(), v);
        }
      }
    }
    return m;
  }

  private static Double number(Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    return null;
  }

  private Bounds bounds() {
    Bounds b = bounds;
    if (b == null) {
      synchronized (this) {
        b = bounds;
        if (b == null) {
          b = new Bounds(stages.size() + 1);
          bounds = b;
        }
      }
    }
    return b;
  }

  /** The bounds of each stage (index: position in the chain; the last: the entry stage). */
  static final class Bounds {
    final Bound[] keptRows;
    final Bound[] droppedRows;
    final Bound[] keptDocs;
    final ConcurrentHashMap<String, Bound>[] droppedDocs;

    @SuppressWarnings("unchecked")
    Bounds(int n) {
      keptRows = new Bound[n];
      droppedRows = new Bound[n];
      keptDocs = new Bound[n];
      droppedDocs = new ConcurrentHashMap[n];
      for (int i = 0; i < n; i++) {
        keptRows[i] = new Bound(StageProfile.KEPT_ROWS);
        droppedRows[i] = new Bound(StageProfile.DROPPED_ROWS);
        keptDocs[i] = new Bound(StageProfile.DOCS);
        droppedDocs[i] = new ConcurrentHashMap<>();
      }
    }
  }

  /**
   * The k smallest distinct hashes sampled so far in this JVM for one sample of one stage (rows of
   * kept or dropped documents, kept documents, documents dropped for one reason). A document whose
   * hash is above all k cannot be in the merged bottom-k sample: the k sampled documents below it
   * are all merged (every task of a run commits or the run fails; a sample that refused one had k
   * smaller ones), so it is not measured. An exact shortcut: it saves work, never changes the result.
   */
  static final class Bound {
    private final int k;
    private final TreeSet<Long> smallest = new TreeSet<>();
    private volatile long max = Long.MAX_VALUE;

    Bound(int k) {
      this.k = k;
    }

    boolean admits(long hash) {
      if (hash > max) {
        return false;
      }
      synchronized (this) {
        if (smallest.size() < k) {
          smallest.add(hash);
        } else if (hash < smallest.last() && smallest.add(hash)) {
          smallest.pollLast();
        }
        if (smallest.size() == k) {
          max = smallest.last();
        }
      }
      return true;
    }
  }
}
