package dev.kiln.pipeline;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.NamedStage;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.StageStats;
import dev.kiln.pipeline.profile.Profiler;
import dev.kiln.text.Utf8;
import java.util.List;

/**
 * Consecutive per-document stages run as one function, each stage counted on its own: in, kept,
 * dropped by reason, or quarantined when it throws. What each stage did is shown to the chain's
 * {@link Profiler}, which samples it for reports; the time inside each stage and the text that
 * entered it go to {@link StageTimes}.
 */
final class StageChain implements RecordFunction<Document, Document> {
  private static final long serialVersionUID = 1L;

  private final List<NamedStage> stages;
  private final Profiler profiler;
  /** The global stage (or the writer) the chain hands its documents to: their text is what enters it. */
  private final String next;

  StageChain(List<NamedStage> stages, Profiler profiler, String next) {
    for (NamedStage s : stages) {
      checkArgument(s.stage() instanceof DocumentStage, s.accountName() + " is not a per-document stage");
    }
    this.stages = List.copyOf(stages);
    this.profiler = profiler;
    this.next = next;
  }

  @Override
  public void apply(Document doc, Emitter<Document> out, TaskContext ctx) {
    Profiler.Trace trace = profiler.trace(ctx, doc);
    StageTimes times = ctx.accumulator(StageTimes.ACCUMULATOR);
    // UTF-8 bytes of the current text, counted again only when a stage changes it.
    String counted = null;
    long bytes = 0;
    for (int i = 0; i < stages.size(); i++) {
      NamedStage s = stages.get(i);
      String name = s.accountName();
      StageStats stats = ctx.stats(name);
      stats.in();
      if (counted != doc.text()) {
        counted = doc.text();
        bytes = Utf8.length(counted, 0, counted.length());
      }
      long start = System.nanoTime();
      Outcome o;
      try {
        o = ((DocumentStage) s.stage()).apply(doc);
      } catch (Exception | StackOverflowError e) {
        stats.quarantined();
        ctx.quarantine(QuarantineRecord.ofStage(name, doc.id(), e));
        return;
      } finally {
        times.add(name, System.nanoTime() - start, bytes);
      }
      o.counters().forEach(stats::add);
      trace.outcome(i, doc, o);
      if (!o.kept()) {
        stats.dropped(o.dropReason());
        ctx.logDrop(name, doc.id(), o.dropReason(), null);
        return;
      }
      stats.kept();
      doc = o.doc();
    }
    trace.exit(doc);
    times.add(next, 0, counted == doc.text() ? bytes : Utf8.length(doc.text(), 0, doc.text().length()));
    out.emit(doc);
  }
}
