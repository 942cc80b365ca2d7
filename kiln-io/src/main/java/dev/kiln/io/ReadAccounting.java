package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import dev.kiln.core.stats.QuarantineRecord;
import dev.kiln.core.stats.StageStats;
import java.nio.charset.StandardCharsets;

/**
 * The {@code read} stage's accounting, in one place: every input record counts in once, then as a
 * document, a skipped record (dropped with a reason) or a quarantined one (with file, line and
 * error). Readers report damage to a file here; formats report what they made of a record through
 * {@link #parsed}, the sink the parser gives them.
 */
final class ReadAccounting {
  private ReadAccounting() {}

  /** Damage that cost a record (or the rest of a file): quarantined with where it was. */
  static void damaged(TaskContext ctx, String file, long line, String error, String excerpt) {
    StageStats s = ctx.stats(LineReader.STAGE);
    s.in();
    s.quarantined();
    ctx.quarantine(QuarantineRecord.ofInput(file, line, error, excerpt));
  }

  /** A record that is not a document (a WARC redirect, a blank line): dropped with a reason. */
  static void skipped(TaskContext ctx, String id, String reason, String detail) {
    ctx.stats(LineReader.STAGE).in();
    ctx.drop(LineReader.STAGE, id, reason, detail);
  }

  /**
   * The input's {@code source} label on a document; a different {@code source} of the record's own is
   * kept as {@code source_record}, not lost.
   */
  static Document withSource(Document doc, String source) {
    if (source == null) {
      return doc;
    }
    Object own = doc.meta("source");
    if (own == null || own.toString().equals(source)) {
      return doc.withMeta("source", source);
    }
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("source", source);
    m.put("source_record", own);
    return doc.withMeta(m);
  }

  /** What one raw record's format made of it, counted here. */
  static InputFormat.Parsed parsed(RawRecord r, InputSpec spec, dev.kiln.core.engine.Emitter<Document> out, TaskContext ctx,
      java.util.function.UnaryOperator<String> redact) {
    return new InputFormat.Parsed() {
      @Override
      public void document(Document doc) {
        StageStats s = ctx.stats(LineReader.STAGE);
        s.in();
        s.kept();
        out.emit(withSource(doc, spec.source()));
      }

      @Override
      public void malformed(String error) {
        damaged(ctx, r.file(), r.line(), error,
            redact.apply(new String(r.bytes(), 0, Math.min(r.bytes().length, 4 * QuarantineRecord.EXCERPT_CHARS), StandardCharsets.UTF_8)));
      }

      @Override
      public void skipped(String id, String reason, String detail) {
        ReadAccounting.skipped(ctx, id, reason, detail);
      }
    };
  }
}
