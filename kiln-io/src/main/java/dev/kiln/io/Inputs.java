package dev.kiln.io;

import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Expands recipe inputs (files, directories, globs) into splits: files in sorted order, small files
 * of one input grouped up to {@link #SPLIT_BYTES}. The grouping depends only on the files, so the
 * partitioning, and with it the output, is the same on every run and machine.
 */
public final class Inputs {
  private Inputs() {}

  /** Small files are grouped into splits of about this many bytes (on disk). */
  public static final long SPLIT_BYTES = 64L << 20;

  public static List<FileSplit> splits(List<InputSpec> inputs) {
    List<FileSplit> splits = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      List<Path> files = expand(inputs.get(i).path());
      if (files.isEmpty()) {
        throw new IllegalArgumentException("input '" + inputs.get(i).path() + "' matches no readable file");
      }
      List<String> group = new ArrayList<>();
      long groupBytes = 0;
      for (Path f : files) {
        long size;
        try {
          size = Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read input file " + f, e);
        }
        if (!group.isEmpty() && groupBytes + size > SPLIT_BYTES) {
          splits.add(new FileSplit(i, group, groupBytes));
          group = new ArrayList<>();
          groupBytes = 0;
        }
        group.add(f.toString());
        groupBytes += size;
      }
      splits.add(new FileSplit(i, group, groupBytes));
    }
    return splits;
  }

  static List<Path> expand(String pattern) {
    int glob = indexOfGlob(pattern);
    if (glob < 0) {
      Path p = Path.of(pattern);
      if (Files.isDirectory(p)) {
        return walk(p, null);
      }
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("input file not found: " + p);
      }
      return List.of(p);
    }
    int slash = pattern.lastIndexOf('/', glob);
    Path root = Path.of(slash < 0 ? "." : pattern.substring(0, slash + 1));
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    return walk(root, m);
  }

  private static List<Path> walk(Path root, PathMatcher matcher) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("input directory not found: " + root);
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> matcher == null ? isData(p) : matcher.matches(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static boolean isData(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.(gz|zst|zstd)$", "");
    return Formats.EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  private static int indexOfGlob(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }
}
