package dev.kiln.core.engine;

import dev.kiln.core.stats.RunStats;
import java.util.List;

/**
 * Runs datasets: the local engine on threads and disk, the Spark engine on a cluster. Stages never
 * see which: they only use {@link Dataset}.
 */
public interface Engine extends AutoCloseable {
  /** A dataset with one partition per split, read by {@code reader} on whichever node runs it. */
  <T> Dataset<T> read(List<? extends Split> splits, SplitReader<T> reader, Codec<T> codec);

  /** Accounting merged over every task that has completed, exactly once per task. */
  RunStats stats();

  /** Input records read so far, for progress bars; -1 when the engine cannot tell. */
  default long recordsRead() {
    return -1;
  }

  /** Input bytes consumed so far (compressed size), for progress bars; -1 when unknown. */
  default long bytesRead() {
    return -1;
  }

  /** What the engine is doing now, e.g. "s002-shuffle 3/8 tasks", for progress bars. */
  default String phase() {
    return "";
  }

  @Override
  void close();
}
