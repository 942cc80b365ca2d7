package dev.kiln.core.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/** Writes and reads records for spills, shuffles and checkpoints; the same bytes on every engine. */
public interface Codec<T> extends Serializable {
  void write(T value, DataOutput out) throws IOException;

  T read(DataInput in) throws IOException;
}
