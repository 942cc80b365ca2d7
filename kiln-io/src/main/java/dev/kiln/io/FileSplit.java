package dev.kiln.io;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.engine.Split;
import java.util.List;

/**
 * Files of one recipe input read as one partition, in order: one large file, or many small ones
 * grouped so that a directory of tiny files does not become thousands of tasks and shards.
 */
public record FileSplit(int input, List<String> paths, long size) implements Split {
  public FileSplit {
    paths = List.copyOf(paths);
    checkArgument(!paths.isEmpty(), "a split needs at least one file");
  }

  @Override
  public String name() {
    return paths.size() == 1 ? paths.get(0) : paths.get(0) + " (+" + (paths.size() - 1) + " more files)";
  }
}
