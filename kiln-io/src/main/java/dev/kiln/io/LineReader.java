package dev.kiln.io;

import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import dev.kiln.core.engine.TaskContext;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Reads an input file (a local path or a URL, through {@link Storage}) as raw records, cut by the
 * file's {@link InputFormat} (see {@link Formats}): JSONL files line by line, text, JSON and PDF
 * files whole, WARC files record by record. A file that cannot be opened fails the run (the recipe
 * names it); damage inside a file (truncated or corrupt compression, an empty file, an over-long
 * line) is quarantined with the file and line, and the run goes on.
 */
public final class LineReader implements SplitReader<RawRecord> {
  private static final long serialVersionUID = 1L;
  public static final String STAGE = "read";
  /** Longest line kept; anything longer is quarantined rather than exhausting memory. */
  static final int MAX_LINE = 256 << 20;

  @Override
  public CloseableIterator<RawRecord> open(Split split, TaskContext ctx) throws IOException {
    FileSplit fs = (FileSplit) split;
    for (String p : fs.paths()) {
      if (!Storage.of(p).isReadableFile(p)) {
        throw new IOException("cannot read input file " + p);
      }
    }
    return new Concat(fs, ctx);
  }

  /** The records of a split's files, one file after the other, each opened when reached. */
  private static final class Concat implements CloseableIterator<RawRecord> {
    private final FileSplit split;
    private final TaskContext ctx;
    private int next;
    private CloseableIterator<RawRecord> current = CloseableIterator.of(java.util.Collections.emptyIterator());

    Concat(FileSplit split, TaskContext ctx) {
      this.split = split;
      this.ctx = ctx;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        current.close();
        if (next == split.paths().size()) {
          return false;
        }
        try {
          current = openFile(split.input(), split.paths().get(next++), ctx);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return true;
    }

    @Override
    public RawRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      current.close();
    }
  }

  private static CloseableIterator<RawRecord> openFile(int input, String path, TaskContext ctx) throws IOException {
    Storage storage = Storage.of(path);
    ProgressStream raw = new ProgressStream(storage.open(path), ctx, false);
    if (storage.size(path) == 0) {
      raw.close();
      return damaged(path, 0, "empty file", ctx);
    }
    InputStream in;
    try {
      in = new ProgressStream(Compression.of(path).decompress(new BufferedInputStream(raw, 1 << 16)), ctx, true);
    } catch (IOException e) {
      raw.close();
      return damaged(path, 0, "corrupt compressed input: " + e.getMessage(), ctx);
    }
    return Formats.of(path).records(input, path, in, ctx);
  }

  /** A file that yields no records: its damage quarantined. */
  static CloseableIterator<RawRecord> damaged(String path, long line, String error, TaskContext ctx) {
    ReadAccounting.damaged(ctx, path, line, error, null);
    return CloseableIterator.of(java.util.Collections.emptyIterator());
  }

  /** The whole (decompressed) file as one record. */
  static CloseableIterator<RawRecord> wholeFile(InputFormat format, int input, String path, InputStream in, TaskContext ctx) {
    byte[] all;
    try (in) {
      all = in.readAllBytes();
    } catch (IOException e) {
      return damaged(path, 1, "truncated or corrupt input: " + e.getMessage(), ctx);
    }
    return CloseableIterator.of(java.util.List.of(new RawRecord(format, input, path, 1, all)).iterator());
  }

  /** A file's lines as records (newline or CR-LF endings). */
  static final class Lines implements CloseableIterator<RawRecord> {
    private final InputFormat format;
    private final int input;
    private final String path;
    private final InputStream in;
    private final TaskContext ctx;
    private byte[] buf = new byte[1 << 12];
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long line;
    private RawRecord next;
    private boolean done;

    Lines(InputFormat format, int input, String path, InputStream in, TaskContext ctx) {
      this.format = format;
      this.input = input;
      this.path = path;
      this.in = in;
      this.ctx = ctx;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        next = readLine();
      }
      return next != null;
    }

    @Override
    public RawRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RawRecord r = next;
      next = null;
      return r;
    }

    /** The next line, or null at the end (or after damage, which is quarantined). */
    private RawRecord readLine() {
      int len = 0;
      boolean tooLong = false;
      boolean sawNewline = false;
      try {
        while (!sawNewline) {
          if (pos == limit) {
            limit = in.read(chunk, 0, chunk.length);
            pos = 0;
            if (limit <= 0) {
              limit = 0;
              break;
            }
          }
          int start = pos;
          while (pos < limit && chunk[pos] != '\n') {
            pos++;
          }
          int n = pos - start;
          if (pos < limit) {
            sawNewline = true;
            pos++;
          }
          if (!tooLong) {
            if ((long) len + n > MAX_LINE) {
              tooLong = true;
            } else {
              if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + n, Math.min(MAX_LINE, buf.length * 2)));
              }
              System.arraycopy(chunk, start, buf, len, n);
              len += n;
            }
          }
        }
        if (!sawNewline && len == 0 && !tooLong) {
          done = true;
          close();
          return null;
        }
      } catch (IOException e) {
        done = true;
        close();
        String what = e instanceof EOFException || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated")
            ? "truncated compressed input" : "corrupt input";
        ReadAccounting.damaged(ctx, path, line + 1, what + " (the rest of the file is lost): " + e.getMessage(), null);
        return null;
      }
      line++;
      if (tooLong) {
        ReadAccounting.damaged(ctx, path, line, "line longer than " + MAX_LINE + " bytes", null);
        return null;
      }
      if (len > 0 && buf[len - 1] == '\r') {
        len--;
      }
      return new RawRecord(format, input, path, line, Arrays.copyOf(buf, len));
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Reports bytes read to the task, for progress and ETA: of the file as stored, or of the text it decompresses to. */
  private static final class ProgressStream extends FilterInputStream {
    private final TaskContext ctx;
    private final boolean text;
    private long pending;

    ProgressStream(InputStream in, TaskContext ctx, boolean text) {
      super(in);
      this.ctx = ctx;
      this.text = text;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) {
      pending += n;
      if (pending >= 1 << 20) {
        report();
      }
    }

    private void report() {
      ctx.progress(text ? 0 : pending, text ? pending : 0);
      pending = 0;
    }

    @Override
    public void close() throws IOException {
      report();
      super.close();
    }
  }
}
