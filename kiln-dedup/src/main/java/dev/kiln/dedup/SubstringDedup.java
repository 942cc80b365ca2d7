package dev.kiln.dedup;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.engine.Positions;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.text.SuffixArray;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact repeated spans (Lee et al. 2022, "Deduplicating Training Data Makes Language Models
 * Better"): every span of at least {@code min_tokens} tokens that occurs more than once in the
 * corpus is removed from all but its first occurrence in input order. Tokens are words (a CJK
 * character is one), case-folded and hashed to 32 bits; the alphabet is those hashes numbered in
 * order of first appearance, and each document ends with a separator that no span may cross.
 *
 * <p>Phases: documents are tokenized in parallel; one task receives the token streams in input
 * order (a shuffle to a single partition) and spills them to a token file. The token file is cut at
 * document boundaries into pieces of about {@code piece_tokens}; each piece gets its suffix array by
 * SA-IS and is written to disk, so RAM holds one piece at a time (about 19 bytes per token of the
 * piece). The pieces' suffix arrays are then merged by their first {@code min_tokens} tokens, read
 * from the memory-mapped token file: suffixes that agree on that prefix come out together, and
 * every member of such a group except the earliest marks [p, p + min_tokens) as a repeat. The marks
 * become token ranges per document, joined back and cut out. Stats: {@code removed_bytes} and
 * {@code removed_bytes.SOURCE}.
 */
@StageInfo(name = "substring_dedup", description = "Removes exact repeated spans of at least min_tokens tokens (suffix array), keeping the first occurrence.")
public final class SubstringDedup implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "shortest repeated span removed, in tokens (words; a CJK character is one)", defaultValue = "50") int minTokens,
      @Param(value = "tokens per suffix-array piece (RAM: about 19 bytes per token of a piece)", defaultValue = "16777216") int pieceTokens,
      @Param(value = "directory for the token file and piece suffix arrays; empty = the engine's scratch directory (the run's work directory on the local engine)", defaultValue = "''") String workDir)
      implements java.io.Serializable {}

  private final Config config;

  public SubstringDedup(Config config) {
    checkArgument(config.minTokens() >= 2, "min_tokens must be >= 2, got " + config.minTokens());
    checkArgument(config.pieceTokens() >= 1024, "piece_tokens must be >= 1024, got " + config.pieceTokens());
    this.config = config;
  }

  /** A document's position and token hashes. */
  record Tokens(byte[] pos, int[] hashes) {
    static final Codec<Tokens> CODEC = new Codec<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public void write(Tokens t, DataOutput out) throws IOException {
        out.write(t.pos);
        Codecs.writeVarInt(out, t.hashes.length);
        for (int h : t.hashes) {
          out.writeInt(h);
        }
      }

      @Override
      public Tokens read(DataInput in) throws IOException {
        byte[] pos = new byte[Keys.POS];
        in.readFully(pos);
        int[] h = new int[Codecs.readVarInt(in)];
        for (int i = 0; i < h.length; i++) {
          h[i] = in.readInt();
        }
        return new Tokens(pos, h);
      }
    };
  }

  static int[] tokenHashes(String text) {
    int[] b = Units.TOKENS.bounds(text);
    int[] h = new int[b.length / 2];
    for (int i = 0; i < h.length; i++) {
      h[i] = Units.tokenHash(text, b[2 * i], b[2 * i + 1]);
    }
    return h;
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    String stage = ctx.stageName();
    Config c = config;
    Dataset<Document> stored = docs.checkpoint();
    Dataset<KV<Tokens>> tokens = Positions.keyed(stored).flatMap(
        (kv, out, tc) -> out.emit(new KV<>(new byte[] {0}, new Tokens(kv.key(), tokenHashes(kv.value().text())))), KV.codec(Tokens.CODEC));
    Dataset<KV<Decision>> cuts = KeyedDataset.of(tokens).groupByKey(Partitioner.hash(1), (key, docsInOrder, out, tc) -> {
      Path base = c.workDir().isEmpty() ? tc.scratchDir() : Path.of(c.workDir());
      Path dir = Files.createTempDirectory(Files.createDirectories(base), "kiln-substring");
      try {
        Repeats r = new Repeats(dir, c.minTokens(), c.pieceTokens());
        r.find(docsInOrder, (pos, ranges) -> out.emit(new KV<>(pos, Decision.cut(Units.TOKENS, ranges, "all_text_repeated"))));
        tc.stats(stage).add("words", r.tokens);
        tc.stats(stage).add("pieces", r.pieces);
        tc.stats(stage).add("repeated_tokens", r.repeatedTokens);
      } finally {
        try (var s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }, KV.codec(Decision.CODEC));
    return Decision.apply(stored, cuts, stage);
  }

  /** Receives a document's token ranges to cut: [from, to) pairs, sorted. */
  interface CutSink {
    void cut(byte[] pos, int[] ranges);
  }

  /** The single-task part: token file, piece suffix arrays, merge, marks. */
  static final class Repeats {
    private final Path dir;
    private final int minTokens;
    private final int pieceTokens;
    long tokens;
    int pieces;
    long repeatedTokens;

    Repeats(Path dir, int minTokens, int pieceTokens) {
      this.dir = dir;
      this.minTokens = minTokens;
      this.pieceTokens = pieceTokens;
    }

    void find(java.util.Iterator<Tokens> docs, CutSink sink) throws IOException {
      // 1. Token ids to a file (0 = separator after each document); document starts in memory.
      Path tokenFile = dir.resolve("tokens.bin");
      IntHashMap ids = new IntHashMap();
      List<byte[]> positions = new ArrayList<>();
      IntList starts = new IntList();
      IntList pieceEnds = new IntList();
      int at = 0;
      int pieceStart = 0;
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tokenFile), 1 << 16))) {
        while (docs.hasNext()) {
          Tokens t = docs.next();
          positions.add(t.pos);
          starts.add(at);
          for (int h : t.hashes) {
            out.writeInt(ids.idOf(h));
          }
          out.writeInt(0);
          if ((long) at + t.hashes.length + 1 > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("substring_dedup handles up to 2^31 tokens in one run; split the corpus");
          }
          at += t.hashes.length + 1;
          if (at - pieceStart >= pieceTokens) {
            pieceEnds.add(at);
            pieceStart = at;
          }
        }
      }
      starts.add(at);
      if (pieceEnds.size() == 0 || pieceEnds.get(pieceEnds.size() - 1) != at) {
        pieceEnds.add(at);
      }
      tokens = at;
      pieces = pieceEnds.size();
      if (at == 0) {
        return;
      }
      int upper = ids.size();
      // 2. A suffix array per piece, on disk.
      try (FileChannel ch = FileChannel.open(tokenFile, StandardOpenOption.READ)) {
        IntBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, (long) at * 4).asIntBuffer();
        int from = 0;
        for (int p = 0; p < pieces; p++) {
          int to = pieceEnds.get(p);
          int[] piece = new int[to - from];
          all.get(from, piece);
          int[] sa = SuffixArray.build(piece, upper);
          piece = null;
          try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("sa-" + p + ".bin")), 1 << 16))) {
            for (int v : sa) {
              out.writeInt(v + from);
            }
          }
          from = to;
        }
        // 3. Merge by the first minTokens tokens; mark every member of a group but the earliest.
        IntList marks = merge(all, at);
        // 4. Marks to token ranges per document.
        int[] m = marks.sorted();
        int mi = 0;
        for (int d = 0; d < positions.size(); d++) {
          int s = starts.get(d);
          int e = starts.get(d + 1) - 1;
          IntList ranges = new IntList();
          while (mi < m.length && m[mi] < e) {
            int a = m[mi] - s;
            int b = Math.min(m[mi] + minTokens, e) - s;
            int n = ranges.size();
            if (n > 0 && ranges.get(n - 1) >= a) {
              ranges.set(n - 1, Math.max(ranges.get(n - 1), b));
            } else {
              ranges.add(a);
              ranges.add(b);
            }
            mi++;
          }
          if (ranges.size() > 0) {
            for (int i = 0; i < ranges.size(); i += 2) {
              repeatedTokens += ranges.get(i + 1) - ranges.get(i);
            }
            sink.cut(positions.get(d), ranges.toArray());
          }
        }
      }
    }

    private IntList merge(IntBuffer text, int n) throws IOException {
      List<DataInputStream> ins = new ArrayList<>();
      PriorityQueue<int[]> heap = new PriorityQueue<>((x, y) -> {
        int c = compare(text, n, x[0], y[0]);
        return c != 0 ? c : Integer.compare(x[1], y[1]);
      });
      IntList marks = new IntList();
      try {
        for (int p = 0; p < pieces; p++) {
          DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("sa-" + p + ".bin")), 1 << 16));
          ins.add(in);
          heap.add(new int[] {in.readInt(), p});
        }
        long[] remaining = new long[pieces];
        for (int p = 0; p < pieces; p++) {
          remaining[p] = Files.size(dir.resolve("sa-" + p + ".bin")) / 4 - 1;
        }
        IntList group = new IntList();
        int prev = -1;
        while (!heap.isEmpty()) {
          int[] top = heap.poll();
          int cur = top[0];
          if (prev >= 0 && sharesPrefix(text, n, prev, cur)) {
            group.add(cur);
          } else {
            flush(group, marks);
            group.add(cur);
          }
          prev = cur;
          if (remaining[top[1]]-- > 0) {
            top[0] = ins.get(top[1]).readInt();
            heap.add(top);
          }
        }
        flush(group, marks);
      } finally {
        for (DataInputStream in : ins) {
          in.close();
        }
      }
      return marks;
    }

    private void flush(IntList group, IntList marks) {
      if (group.size() > 1) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < group.size(); i++) {
          min = Math.min(min, group.get(i));
        }
        for (int i = 0; i < group.size(); i++) {
          if (group.get(i) != min) {
            marks.add(group.get(i));
          }
        }
      }
      group.clear();
    }

    /** Order of two suffixes by their first minTokens tokens, a separator ending the comparison. */
    private int compare(IntBuffer t, int n, int a, int b) {
      for (int i = 0; i < minTokens; i++) {
        int x = a + i < n ? t.get(a + i) : -1;
        int y = b + i < n ? t.get(b + i) : -1;
        if (x != y) {
          return Integer.compare(x, y);
        }
        if (x <= 0) {
          return 0;
        }
      }
      return 0;
    }

    /** Whether two suffixes agree on their first minTokens tokens, none a separator. */
    private boolean sharesPrefix(IntBuffer t, int n, int a, int b) {
      if (a + minTokens > n || b + minTokens > n) {
        return false;
      }
      for (int i = 0; i < minTokens; i++) {
        int x = t.get(a + i);
        if (x == 0 || x != t.get(b + i)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A growable int array. */
  static final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    int get(int i) {
      return a[i];
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int size() {
      return n;
    }

    void clear() {
      n = 0;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }

    int[] sorted() {
      int[] s = toArray();
      Arrays.sort(s);
      return s;
    }
  }

  /** Token hash to a dense id (1, 2, ... in order of first appearance); open addressing. */
  static final class IntHashMap {
    private int[] keys = new int[1 << 16];
    private int[] vals = new int[1 << 16];
    private int size;

    int idOf(int key) {
      int mask = keys.length - 1;
      int i = mix(key) & mask;
      while (vals[i] != 0) {
        if (keys[i] == key) {
          return vals[i];
        }
        i = (i + 1) & mask;
      }
      keys[i] = key;
      vals[i] = ++size;
      if (size * 2 > keys.length) {
        grow();
      }
      return size;
    }

    int size() {
      return size;
    }

    private void grow() {
      int[] ok = keys;
      int[] ov = vals;
      keys = new int[ok.length * 2];
      vals = new int[ov.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < ok.length; j++) {
        if (ov[j] != 0) {
          int i = mix(ok[j]) & mask;
          while (vals[i] != 0) {
            i = (i + 1) & mask;
          }
          keys[i] = ok[j];
          vals[i] = ov[j];
        }
      }
    }

    private static int mix(int h) {
      h *= 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }
}
