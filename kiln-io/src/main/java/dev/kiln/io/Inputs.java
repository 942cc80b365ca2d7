package dev.kiln.io;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Expands recipe inputs (files, directories, globs; local paths or URLs, see {@link Storage}) into
 * splits: files in sorted order, small files of one input grouped up to {@link #SPLIT_BYTES}. The
 * grouping depends only on the files, so the partitioning, and with it the output, is the same on
 * every run and machine.
 */
public final class Inputs {
  private Inputs() {}

  /** Small files are grouped into splits of about this many bytes (on disk). */
  public static final long SPLIT_BYTES = 64L << 20;

  public static List<FileSplit> splits(List<InputSpec> inputs) {
    List<FileSplit> splits = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      List<Storage.StoredFile> files;
      try {
        files = expand(inputs.get(i).path());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list input " + inputs.get(i).path(), e);
      }
      checkArgument(!files.isEmpty(), "input '" + inputs.get(i).path() + "' matches no readable file");
      List<String> group = new ArrayList<>();
      long groupBytes = 0;
      for (Storage.StoredFile f : files) {
        if (!group.isEmpty() && groupBytes + f.size() > SPLIT_BYTES) {
          splits.add(new FileSplit(i, group, groupBytes));
          group = new ArrayList<>();
          groupBytes = 0;
        }
        group.add(f.location());
        groupBytes += f.size();
      }
      splits.add(new FileSplit(i, group, groupBytes));
    }
    return splits;
  }

  static List<Storage.StoredFile> expand(String pattern) throws IOException {
    Storage storage = Storage.of(pattern);
    int glob = indexOfGlob(pattern);
    if (glob < 0) {
      if (storage.isDirectory(pattern)) {
        return walk(storage, pattern, null);
      }
      checkArgument(storage.exists(pattern), "input file not found: " + (Recipe.isUrl(pattern) ? pattern : Path.of(pattern)));
      return List.of(new Storage.StoredFile(Recipe.isUrl(pattern) ? pattern : Path.of(pattern).toString(), Storage.name(pattern),
          storage.size(pattern)));
    }
    // The glob applies below its literal directory: the files' paths relative to it must match.
    int slash = pattern.lastIndexOf('/', glob);
    String root = slash < 0 ? "." : pattern.substring(0, slash + 1);
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(slash + 1));
    return walk(storage, root, m);
  }

  private static List<Storage.StoredFile> walk(Storage storage, String root, PathMatcher matcher) throws IOException {
    checkArgument(storage.isDirectory(root), "input directory not found: " + (Recipe.isUrl(root) ? root : Path.of(root)));
    // Local paths in java.nio's order (as they always were), URLs by their text.
    Comparator<Storage.StoredFile> order = Recipe.isUrl(root)
        ? Comparator.comparing(Storage.StoredFile::location)
        : Comparator.comparing(f -> Path.of(f.location()));
    return storage.files(root).stream()
        .filter(f -> !Storage.name(f.location()).startsWith("."))
        .filter(f -> matcher == null ? isData(Storage.name(f.location())) : matcher.matches(Path.of(f.relative())))
        .sorted(order)
        .toList();
  }

  private static boolean isData(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|zst|zstd)$", "");
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
