package dev.kiln.local;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.ShuffleEntries;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges sorted runs into one stream ordered by (key, value) bytes. When there are more runs than
 * files it may hold open, it first merges them in groups into bigger runs.
 */
final class RunMerger implements CloseableIterator<byte[][]> {
  static final int FAN_IN = 128;

  private static final class Cursor {
    final DataInputStream in;
    final long end;
    long pos;
    byte[] key;
    byte[] value;

    Cursor(ShuffleRun run) throws IOException {
      FileChannel ch = FileChannel.open(run.file(), StandardOpenOption.READ);
      ch.position(run.start());
      this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
      this.pos = run.start();
      this.end = run.end();
    }

    boolean advance() throws IOException {
      if (pos >= end) {
        in.close();
        return false;
      }
      key = Codecs.readBytes(in);
      value = Codecs.readBytes(in);
      pos += varLen(key.length) + key.length + varLen(value.length) + value.length;
      return true;
    }

    static int varLen(int v) {
      int n = 1;
      while ((v & ~0x7F) != 0) {
        v >>>= 7;
        n++;
      }
      return n;
    }
  }

  private final PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> {
    int c = Bytes.compare(a.key, b.key);
    return c != 0 ? c : Bytes.compare(a.value, b.value);
  });
  private final List<Cursor> open = new ArrayList<>();

  private RunMerger(List<ShuffleRun> runs) throws IOException {
    for (ShuffleRun r : runs) {
      Cursor c = new Cursor(r);
      open.add(c);
      if (c.advance()) {
        heap.add(c);
      }
    }
  }

  /** Opens a merge of any number of runs, pre-merging into {@code tmpDir} past {@link #FAN_IN}. */
  static RunMerger open(List<ShuffleRun> runs, Path tmpDir) throws IOException {
    return open(runs, tmpDir, FAN_IN);
  }

  static RunMerger open(List<ShuffleRun> runs, Path tmpDir, int fanIn) throws IOException {
    int round = 0;
    while (runs.size() > fanIn) {
      List<ShuffleRun> next = new ArrayList<>();
      for (int i = 0; i < runs.size(); i += fanIn) {
        List<ShuffleRun> group = runs.subList(i, Math.min(runs.size(), i + fanIn));
        Path out = Files.createTempFile(tmpDir, "merge-" + round + "-", ".run");

        try (RunMerger m = new RunMerger(group);
            java.io.DataOutputStream os = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
          while (m.hasNext()) {
            byte[][] kv = m.next();
            Codecs.writeBytes(os, kv[0]);
            Codecs.writeBytes(os, kv[1]);
          }
          os.flush();

        }
        next.add(new ShuffleRun(out, 0, Files.size(out)));
      }
      runs = next;
      round++;
    }
    return new RunMerger(runs);
  }

  @Override
  public boolean hasNext() {
    return !heap.isEmpty();
  }

  /** The next {key, value}. */
  @Override
  public byte[][] next() {
    Cursor c = heap.poll();
    if (c == null) {
      throw new NoSuchElementException();
    }
    byte[][] kv = {c.key, c.value};
    try {
      if (c.advance()) {
        heap.add(c);
      }
    } catch (EOFException e) {
      throw new UncheckedIOException("shuffle run ended early (disk full or a killed writer?)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kv;
  }

  /** The merged stream as the reduce side reads it. */
  ShuffleEntries entries() {
    return new ShuffleEntries() {
      private byte[][] current;

      @Override
      public boolean next() {
        current = hasNext() ? RunMerger.this.next() : null;
        return current != null;
      }

      @Override
      public byte[] key() {
        return current[0];
      }

      @Override
      public boolean hasKey(byte[] key) {
        return java.util.Arrays.equals(current[0], key);
      }

      @Override
      public <V> V value(Codec<V> codec) {
        return Codecs.decode(codec, current[1]);
      }
    };
  }

  @Override
  public void close() {
    for (Cursor c : open) {
      try {
        c.in.close();
      } catch (IOException ignored) {
        // closing a read-only file cannot lose data
      }
    }
  }

}
