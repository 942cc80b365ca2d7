package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns raw records into documents with the record's {@link InputFormat}: a JSONL line, a .json
 * file's object or array of objects, a text file, a WARC record, a PDF file. For JSON the text and id
 * fields are configurable per input (several text fields are joined by newlines) and every other
 * field goes into metadata. A document that carries {@code html} instead of text (a JSON record with
 * an {@code html} field, a WARC response) gets empty text and keeps the HTML in metadata for
 * extraction. Malformed JSON, invalid UTF-8, a missing text field and unreadable PDF or WARC records
 * are quarantined with file and line (record number for WARC). The accounting is {@link ReadAccounting}'s.
 */
public final class RecordParser implements RecordFunction<RawRecord, Document> {
  private static final long serialVersionUID = 1L;

  private final List<InputSpec> inputs;
  private final SerializableUnaryOperator redact;

  /** A serializable text transform (engines ship the parser to workers). */
  public interface SerializableUnaryOperator extends java.util.function.UnaryOperator<String>, java.io.Serializable {}

  public RecordParser(List<InputSpec> inputs) {
    this(inputs, t -> t);
  }

  /** A parser whose quarantine excerpts go through {@code redact} (a recipe's personal data scrubbing). */
  public RecordParser(List<InputSpec> inputs, SerializableUnaryOperator redact) {
    this.inputs = List.copyOf(inputs);
    this.redact = redact;
  }

  @Override
  public void apply(RawRecord r, Emitter<Document> out, TaskContext ctx) {
    ctx.stats(LineReader.STAGE).add("bytes", r.bytes().length);
    InputSpec spec = inputs.get(r.input());
    r.format().parse(r, spec, ReadAccounting.parsed(r, spec, out, ctx, redact));
  }

  /** The record's bytes as strict UTF-8, or null after reporting it malformed. */
  static String utf8(RawRecord r, InputFormat.Parsed out) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(r.bytes())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      out.malformed("invalid UTF-8");
      return null;
    }
  }
}
