package dev.kiln.pipeline.profile;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Accumulator;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.util.Hashing;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples what the pipeline's stages do, for reports ({@link RunProfile}, a run accumulator); the
 * pipeline only tells it what happened. For each stage it samples, by bottom-k of the document id's
 * hash ({@link #hash}), so the same documents whatever the partitioning:
 *
 * <ul>
 *   <li>rows of measured values: a per-document stage's numeric (and boolean) metadata that it added
 *       or changed, a global stage's numeric metadata under its own name ({@code minhash_dedup.*}),
 *       and the length in code points of the text the stage saw ({@value #CHARS}; {@value #CHARS_OUT}
 *       when a kept document's text changed);
 *   <li>a few kept and dropped documents with an excerpt, for the viewer (global stages' drops come
 *       through {@link TaskContext#drop}, which tells the accumulator);
 *   <li>a breakdown by source, language and domain of the documents read and of those written.
 * </ul>
 *
 * One profiler serves one run of consecutive per-document stages (the pipeline's chains), with the
 * stage whose output enters it ({@code entry}: {@code read} or a global stage) and, for the last
 * chain, the documents leaving it ({@code exit}).
 */
public final class Profiler implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The run's profile: registered with the engine by the pipeline. */
  public static final Accumulator<RunProfile> ACCUMULATOR = new ProfileAccumulator();

  /** Row column: the document's length in code points as the stage saw it. */
  public static final String CHARS = "chars";
  /** Row column: the length of the text a kept document left the stage with, when the stage changed it. */
  public static final String CHARS_OUT = "chars_out";
  /** Metadata key of a document's token count, added up in breakdowns. */
  public static final String TOKENS = "tokens";
  /** Characters of text kept with a sampled document. */
  public static final int EXCERPT_CHARS = 600;

  private static final long SEED = 0x6b696c6eL;

  private final List<String> stages;
  private final String entry;
  private final boolean entryBreakdown;
  private final String exit;
  /** Metadata key prefix of the entry stage's measures: its name, {@code minhash_dedup.}. */
  private final String entryPrefix;
  /** Per JVM and run: lower bounds on the hashes worth sampling (see {@link Bound}). */
  private transient volatile Bounds bounds;

  /**
   * @param stages the account names of the chain's per-document stages, in order
   * @param entry the stage whose output enters the chain, profiled here (null: none)
   * @param entryBreakdown also break the entering documents down under {@code entry}
   * @param exit break the documents leaving the chain down under this stage (null: none)
   */
  public Profiler(List<String> stages, String entry, boolean entryBreakdown, String exit) {
    this.stages = List.copyOf(stages);
    this.entry = entry;
    this.entryBreakdown = entryBreakdown;
    this.exit = exit;
    this.entryPrefix = entry == null ? "" : entry.replaceFirst("#\\d+$", "") + ".";
  }

  /** A document's sampling hash: the same for a document id in every stage, task and engine. */
  public static long hash(String id) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return Hashing.hash64(b, 0, b.length, SEED);
  }

  /** One document's way through the chain, observed stage by stage. */
  public final class Trace {
    private final RunProfile profile;
    private final long hash;
    private final Bounds b = bounds();
    // Code points of the current text, counted once while the text does not change.
    private String counted;
    private long chars;

    Trace(TaskContext ctx, Document doc) {
      this.profile = ctx.accumulator(ACCUMULATOR);
      this.hash = hash(doc.id());
      if (entry != null) {
        RunProfile.Stage p = profile.stage(entry);
        long n = chars(doc);
        if (entryBreakdown) {
          p.breakdown().add(doc.meta(), n, tokens(doc));
        }
        int e = stages.size();
        boolean row = p.samples().wantsRow(hash, null) && b.keptRows[e].admits(hash);
        boolean sample = p.samples().wantsDoc(hash, null) && b.keptDocs[e].admits(hash);
        if (row || sample) {
          Map<String, Double> measured = prefixed(doc);
          if (sample) {
            p.samples().doc(sampled(hash, doc.id(), null, null, doc, measured));
          }
          if (row) {
            Map<String, Double> r = new TreeMap<>(measured);
            r.put(CHARS, (double) n);
            p.samples().row(hash, null, r);
          }
        }
      }
    }

    /** What stage {@code i} of the chain made of {@code doc}. */
    public void outcome(int i, Document doc, Outcome o) {
      String reason = o.dropReason();
      RunProfile.Stage p = profile.stage(stages.get(i));
      Samples s = p.samples();
      // Measured only for documents that can still enter a sample (bottom-k by id hash).
      boolean row = s.wantsRow(hash, reason) && (reason == null ? b.keptRows[i] : b.droppedRows[i]).admits(hash);
      boolean sample = s.wantsDoc(hash, reason)
          && (reason == null ? b.keptDocs[i] : b.droppedDocs[i].computeIfAbsent(reason, k -> new Bound(Samples.DOCS))).admits(hash);
      if (!row && !sample) {
        return;
      }
      Map<String, Double> measured = measured(doc, o.doc());
      if (row) {
        Map<String, Double> r = new TreeMap<>(measured);
        r.put(CHARS, (double) chars(doc));
        if (o.kept() && o.doc().text() != doc.text() && !o.doc().text().equals(doc.text())) {
          r.put(CHARS_OUT, (double) chars(o.doc()));
        }
        s.row(hash, reason, r);
      }
      if (sample) {
        Document shown = o.doc() != null ? o.doc() : doc;
        s.doc(sampled(hash, doc.id(), reason, null, shown, measured));
      }
    }

    /** The document as it leaves the chain (written, or handed to a global stage). */
    public void exit(Document doc) {
      if (exit != null && !(stages.isEmpty() && entryBreakdown && exit.equals(entry))) {
        profile.stage(exit).breakdown().add(doc.meta(), chars(doc), tokens(doc));
      }
    }

    private long chars(Document doc) {
      if (counted != doc.text()) {
        counted = doc.text();
        chars = counted.codePointCount(0, counted.length());
      }
      return chars;
    }
  }

  /** Starts observing a document entering the chain (samples it for the entry stage). */
  public Trace trace(TaskContext ctx, Document doc) {
    return new Trace(ctx, doc);
  }

  private static long tokens(Document doc) {
    return doc.meta(TOKENS) instanceof Number n ? n.longValue() : 0;
  }

  /** Numeric (and boolean) metadata a stage added or changed; empty when a drop carries no document. */
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

  /** Numeric metadata under the entry stage's name: a global stage's measures. */
  private Map<String, Double> prefixed(Document doc) {
    Map<String, Double> m = new TreeMap<>();
    for (Map.Entry<String, Object> e : doc.meta().entrySet()) {
      if (e.getKey().startsWith(entryPrefix)) {
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

  /**
   * A sampled document: labels (source, lang, domain) and measured values in {@code meta}; text,
   * length and labels only when the document is known (a reader's drop knows only the id).
   */
  static SampledDoc sampled(long hash, String id, String reason, String detail, Document doc, Map<String, Double> measured) {
    TreeMap<String, Object> meta = new TreeMap<>();
    long chars = -1;
    String text = null;
    if (doc != null) {
      for (String k : Breakdown.KEYS) {
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
    return new SampledDoc(hash, id, reason, detail, chars, text, meta);
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

  /** The run's profile as an engine accumulator; samples documents dropped through {@link TaskContext#drop}. */
  private static final class ProfileAccumulator implements Accumulator<RunProfile> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "profile";
    }

    @Override
    public Class<RunProfile> type() {
      return RunProfile.class;
    }

    @Override
    public RunProfile create() {
      return new RunProfile();
    }

    @Override
    public void merge(RunProfile into, RunProfile from) {
      into.merge(from);
    }

    @Override
    public void dropped(RunProfile value, String stage, String id, Document doc, String reason, String detail) {
      long h = hash(id);
      Samples s = value.stage(stage).samples();
      if (doc != null && s.wantsRow(h, reason)) {
        s.row(h, reason, Map.of(CHARS, (double) doc.text().codePointCount(0, doc.text().length())));
      }
      if (s.wantsDoc(h, reason)) {
        s.doc(sampled(h, id, reason, detail, doc, null));
      }
    }

    /** One instance per JVM, so engines and tasks agree on the accumulator they were given. */
    private Object readResolve() {
      return ACCUMULATOR;
    }
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
        keptRows[i] = new Bound(Samples.KEPT_ROWS);
        droppedRows[i] = new Bound(Samples.DROPPED_ROWS);
        keptDocs[i] = new Bound(Samples.DOCS);
        droppedDocs[i] = new ConcurrentHashMap<>();
      }
    }
  }

  /**
   * The k smallest distinct hashes sampled so far in this JVM for one sample of one stage. A
   * document whose hash is above all k cannot be in the merged bottom-k sample: the k sampled
   * documents below it are all merged (every task of a run commits or the run fails; a sample that
   * refused one had k smaller ones), so it is not measured. An exact shortcut: it saves work, never
   * changes the result.
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
