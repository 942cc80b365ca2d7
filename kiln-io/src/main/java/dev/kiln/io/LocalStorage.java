package dev.kiln.io;

import static dev.kiln.core.util.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Local paths through {@code java.nio}. A URL is refused rather than taken for a relative path. */
final class LocalStorage implements Storage {
  private static Path path(String location) {
    checkArgument(!dev.kiln.core.recipe.Recipe.isUrl(location), location + " is a URL, not a local path");
    return Path.of(location);
  }

  @Override
  public boolean exists(String location) {
    return Files.exists(path(location));
  }

  @Override
  public boolean isDirectory(String location) {
    return Files.isDirectory(path(location));
  }

  @Override
  public boolean isReadableFile(String location) {
    return Files.isReadable(path(location));
  }

  @Override
  public long size(String file) throws IOException {
    return Files.size(path(file));
  }

  @Override
  public List<StoredFile> files(String dir) throws IOException {
    List<StoredFile> out = new ArrayList<>();
    Path root = path(dir);
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.add(new StoredFile(p.toString(), root.relativize(p).toString(), Files.size(p)));
      }
    }
    return out;
  }

  @Override
  public InputStream open(String file) throws IOException {
    return Files.newInputStream(path(file));
  }

  @Override
  public OutputStream create(String file) throws IOException {
    Path p = path(file);
    if (p.getParent() != null) {
      Files.createDirectories(p.getParent());
    }
    return Files.newOutputStream(p);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Files.move(path(from), path(to), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String location) throws IOException {
    Path dir = path(location);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
