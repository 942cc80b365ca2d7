package dev.kiln.core.engine;

import java.io.Serializable;

/** A piece of input read as one partition, e.g. one file. */
public interface Split extends Serializable {
  /** For messages and lineage, e.g. the file path. */
  String name();

  /** Bytes to read, for progress; -1 when unknown. */
  long size();
}
