package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import dev.kiln.core.stats.QuarantineRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns raw records into documents with the record's {@link InputFormat}: a JSONL line, a .json
 * file's object or array of objects, a text file, a WARC record, a PDF file. For JSON the text and id
 * fields are configurable per input (several text fields are joined by newlines) and every other
 * field goes into metadata. A document that carries {@code html} instead of text (a JSON record with
 * an {@code html} field, a WARC response) gets empty text and keeps the HTML in metadata for
 * extraction. Malformed JSON, invalid UTF-8, a missing text field and unreadable PDF or WARC records
 * are quarantined with file and line (record number for WARC).
 */
public final class RecordParser implements RecordFunction<RawRecord, Document> {
  private static final long serialVersionUID = 1L;

  private final List<InputSpec> inputs;

  public RecordParser(List<InputSpec> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public void apply(RawRecord r, Emitter<Document> out, TaskContext ctx) {
    ctx.stats(LineReader.STAGE).add("bytes", r.bytes().length);
    Formats.of(r.file()).parse(r, inputs.get(r.input()), out, ctx);
  }

  static Document withSource(Document d, InputSpec spec) {
    return spec.source() == null ? d : d.withMeta("source", spec.source());
  }

  /** The record's bytes as strict UTF-8, or null after quarantining it. */
  static String utf8(RawRecord r, TaskContext ctx) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(r.bytes())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      quarantine(r, ctx, "invalid UTF-8");
      return null;
    }
  }

  /** Quarantines a record that was counted in; the excerpt is the start of its bytes. */
  static void quarantine(RawRecord r, TaskContext ctx, String error) {
    ctx.stats(LineReader.STAGE).quarantined();
    ctx.quarantine(QuarantineRecord.ofInput(r.file(), r.line(), error,
        new String(r.bytes(), 0, Math.min(r.bytes().length, 4 * QuarantineRecord.EXCERPT_CHARS), StandardCharsets.UTF_8)));
  }
}
