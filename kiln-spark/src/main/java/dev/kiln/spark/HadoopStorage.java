package dev.kiln.spark;

import dev.kiln.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * URLs of any scheme Hadoop knows ({@code hdfs://}, {@code s3a://} with hadoop-aws, {@code abfs://},
 * {@code gs://} with their connectors...) through Hadoop's {@link FileSystem}s, configured the way
 * Spark configures them: {@code spark.hadoop.*} settings, {@code core-site.xml}, and on the driver
 * the running context's {@code hadoopConfiguration()}. Found by scheme through {@link Provider} on
 * the driver and on each executor, so it never travels itself.
 */
public final class HadoopStorage implements Storage {
  private final Configuration conf;

  public HadoopStorage(Configuration conf) {
    this.conf = conf;
  }

  /** Registered in {@code META-INF/services}: a storage for every scheme Hadoop has a file system for. */
  public static final class Provider implements Storage.Provider {
    @Override
    public Storage forScheme(String scheme) {
      try {
        Configuration conf = configuration();
        FileSystem.getFileSystemClass(scheme, conf);
        return new HadoopStorage(conf);
      } catch (IOException e) {
        return null; // Hadoop has no file system for this scheme
      } catch (LinkageError e) {
        return null; // no Hadoop (Spark) on the class path
      }
    }
  }

  private record Cached(SparkEnv env, Configuration conf) {}

  private static volatile Cached executorConf;

  /**
   * The driver's live Hadoop configuration when a Spark context runs in this JVM (also in local
   * mode's executors); on a cluster executor, one made from its Spark settings, once per
   * {@link SparkEnv}; before Spark starts, one made from the {@code spark.*} system properties.
   */
  static Configuration configuration() {
    // Paths may be listed before Kiln starts Spark: Spark's logging must not initialize at INFO first.
    SparkEngine.quietLogging();
    scala.Option<SparkContext> active = SparkContext$.MODULE$.getActive();
    if (active.isDefined()) {
      return active.get().hadoopConfiguration();
    }
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return SparkHadoopUtil.get().newConfiguration(new SparkConf(true));
    }
    Cached c = executorConf;
    if (c == null || c.env() != env) {
      c = new Cached(env, SparkHadoopUtil.get().newConfiguration(env.conf()));
      executorConf = c;
    }
    return c.conf();
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(conf);
  }

  private FileStatus status(String location) throws IOException {
    Path p = new Path(location);
    try {
      return fs(p).getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public boolean exists(String location) throws IOException {
    return status(location) != null;
  }

  @Override
  public boolean isDirectory(String location) throws IOException {
    FileStatus s = status(location);
    return s != null && s.isDirectory();
  }

  @Override
  public boolean isReadableFile(String location) throws IOException {
    FileStatus s = status(location);
    return s != null && s.isFile();
  }

  @Override
  public long size(String file) throws IOException {
    FileStatus s = status(file);
    if (s == null) {
      throw new FileNotFoundException(file);
    }
    return s.getLen();
  }

  @Override
  public List<StoredFile> files(String dir) throws IOException {
    Path root = new Path(dir);
    FileSystem fs = fs(root);
    String prefix = fs.makeQualified(root).toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    List<StoredFile> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      String path = s.getPath().toUri().getPath();
      if (!path.startsWith(prefix)) {
        throw new IOException("listing " + dir + " gave " + s.getPath() + ", outside it");
      }
      // Locations keep the directory as written (e.g. kilntest:///x rather than Hadoop's kilntest:/x).
      String relative = path.substring(prefix.length());
      out.add(new StoredFile(Storage.resolve(dir, relative), relative, s.getLen()));
    }
    return out;
  }

  @Override
  public InputStream open(String file) throws IOException {
    Path p = new Path(file);
    return fs(p).open(p);
  }

  @Override
  public OutputStream create(String file) throws IOException {
    Path p = new Path(file);
    return fs(p).create(p, true);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Path src = new Path(from);
    Path dst = new Path(to);
    FileSystem fs = fs(src);
    // FileSystem.rename does not replace an existing file (HDFS refuses): the target goes first.
    fs.delete(dst, false);
    if (!fs.rename(src, dst)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  @Override
  public void delete(String location) throws IOException {
    Path p = new Path(location);
    fs(p).delete(p, true);
  }
}
