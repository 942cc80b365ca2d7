package dev.kiln.spark;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under a scheme of its own, {@code kilntest:///tmp/x}, standing in for HDFS or S3:
 * registered with {@code spark.hadoop.fs.kilntest.impl}, so Kiln can reach it only through Hadoop.
 * Counts the files it opens and creates (one JVM in local mode), to show the traffic went through it.
 */
public final class KilnTestFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "kilntest";
  static final AtomicLong OPENED = new AtomicLong();
  static final AtomicLong CREATED = new AtomicLong();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  // RawLocalFileSystem's statuses read permissions lazily through a file: URI, which this scheme is
  // not; plain statuses carry default permissions instead (nothing here reads them).
  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return plain(super.getFileStatus(f));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] all = super.listStatus(f);
    for (int i = 0; i < all.length; i++) {
      all[i] = plain(all[i]);
    }
    return all;
  }

  private static FileStatus plain(FileStatus s) {
    return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(), s.getPath());
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    OPENED.incrementAndGet();
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    CREATED.incrementAndGet();
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }
}
