package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * One kind of input file, in two halves: {@link #records} cuts an opened file into raw records
 * (sequential, one task per split), {@link #parse} turns one raw record into documents (stateless, on
 * every core). {@link Formats#of} picks the format by file name; the reader and the parser only
 * dispatch to it, so a new format is one class and one line in {@link Formats}.
 */
public interface InputFormat extends Serializable {
  /**
   * The raw records of one file. {@code in} is already decompressed by the file's compression suffix
   * and reports progress; the iterator closes it. Damage is quarantined through {@code ctx}.
   */
  CloseableIterator<RawRecord> records(int input, String path, InputStream in, TaskContext ctx) throws IOException;

  /** Documents from one raw record; counts them in the {@code read} stage's stats. */
  void parse(RawRecord record, InputSpec spec, Emitter<Document> out, TaskContext ctx);
}
