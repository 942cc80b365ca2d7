package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * One kind of input file, in two halves: {@link #records} cuts an opened file into raw records
 * (sequential, one task per split), {@link #parse} turns one raw record into documents (stateless, on
 * every core). {@link Formats#of} picks the format by file name, once per file; each raw record
 * carries it to the parser. A new format is one class and one line in {@link Formats}.
 */
public interface InputFormat extends Serializable {
  /** What a format made of one raw record (each call is one input record in the read stage's accounting). */
  interface Parsed {
    void document(Document doc);

    /** The record (or an element of it) is unreadable: quarantined with this error and the record's start. */
    void malformed(String error);

    /** The record is not a document (e.g. a blank line): dropped for {@code reason}. */
    void skipped(String id, String reason, String detail);
  }

  /**
   * The raw records of one file. {@code in} is already decompressed by the file's compression suffix
   * and reports progress; the iterator closes it. Damage goes to {@link ReadAccounting}. By default
   * the whole file is one record (text, HTML, PDF).
   */
  default CloseableIterator<RawRecord> records(int input, String path, InputStream in, TaskContext ctx) throws IOException {
    return LineReader.wholeFile(this, input, path, in, ctx);
  }

  /** Documents from one raw record, reported to {@code out}; the {@code source} label is added for it. */
  void parse(RawRecord record, InputSpec spec, Parsed out);
}
