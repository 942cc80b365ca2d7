package dev.kiln.io;

import dev.kiln.core.recipe.Recipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where inputs are read and outputs written. A location is a local path, read and written with
 * {@code java.nio} ({@link #LOCAL}), or a URL ({@code hdfs://nn/x}, {@code s3a://bucket/x}),
 * handled by a {@link Provider} found for its scheme on the class path (kiln-spark provides Hadoop's
 * file systems). Components keep locations as strings and look the storage up with {@link #of}
 * where they run, so nothing here has to travel to Spark executors.
 */
public interface Storage {
  /** Local paths. */
  Storage LOCAL = new LocalStorage();

  /** A regular file found by {@link #files}: its location, its path below the listed directory, its size in bytes. */
  record StoredFile(String location, String relative, long size) {}

  /** Storages for URL schemes, registered in {@code META-INF/services/dev.kiln.io.Storage$Provider}. */
  interface Provider {
    /** The storage for locations with this scheme (lower case), or null when this provider has none. */
    Storage forScheme(String scheme);
  }

  /** The storage of a location: {@link #LOCAL} for a path, the provider's for a URL. */
  static Storage of(String location) {
    if (!Recipe.isUrl(location)) {
      return LOCAL;
    }
    String scheme = location.substring(0, location.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
    for (Provider p : ServiceLoader.load(Provider.class, Storage.class.getClassLoader())) {
      Storage s = p.forScheme(scheme);
      if (s != null) {
        return s;
      }
    }
    throw new IllegalArgumentException("cannot read or write " + location + ": no storage knows '" + scheme
        + ":' URLs (Hadoop's file systems come with kiln-spark: run with --engine spark, and for s3a put hadoop-aws on the class path)");
  }

  /** The location of {@code name} inside directory {@code dir}. */
  static String resolve(String dir, String name) {
    if (Recipe.isUrl(dir)) {
      return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
    return Path.of(dir).resolve(name).toString();
  }

  /** The last part of a location: its file name. */
  static String name(String location) {
    String s = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    return s.substring(s.lastIndexOf('/') + 1);
  }

  /** True when the location is a file or directory. */
  boolean exists(String location) throws IOException;

  boolean isDirectory(String location) throws IOException;

  /** True when the location is a file this process can read. */
  boolean isReadableFile(String location) throws IOException;

  long size(String file) throws IOException;

  /** Every regular file under {@code dir}, at any depth, in no particular order. */
  List<StoredFile> files(String dir) throws IOException;

  InputStream open(String file) throws IOException;

  /** Creates or replaces a file, creating its parent directories. */
  OutputStream create(String file) throws IOException;

  /**
   * Moves a finished file to its name, replacing what is there: how shards, manifests and logs
   * appear complete. Atomic on local and HDFS file systems; a copy on object stores.
   */
  void rename(String from, String to) throws IOException;

  /** Deletes a file, or a directory with everything in it; nothing when it does not exist. */
  void delete(String location) throws IOException;

  /** Writes a whole file under a temporary name, then renames it into place. */
  default void write(String file, byte[] bytes) throws IOException {
    String tmp = file + ".tmp";
    try (OutputStream out = create(tmp)) {
      out.write(bytes);
    }
    rename(tmp, file);
  }

  default byte[] readAllBytes(String file) throws IOException {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    }
  }
}
