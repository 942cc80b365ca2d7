package dev.kiln.pack.loader;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.util.Json;
import dev.kiln.pack.megatron.IndexedDataset;
import dev.kiln.pack.output.PackedShardWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Iterates the packed sequences of a dataset directory (its {@code part-*.bin/.idx} shards, in name
 * order) deterministically, epoch after epoch: in shard order, or in a seeded permutation drawn
 * afresh every epoch. With {@code world > 1}, rank {@code r} takes every {@code world}-th sequence
 * of the stream, starting at {@code r}. Its whole position is a small JSON state ({@link #state()});
 * a loader restored from it ({@link #restore(String)}) yields exactly the rest of the stream, so a
 * trainer that saves the state with its checkpoint resumes without repeating or skipping data.
 */
public final class PackedLoader implements Closeable {
  /** One sequence and where it came from. */
  public record Sample(int epoch, long position, String shard, int index, int[] tokens) {
    /** A short digest of the tokens: the first 16 hex digits of the SHA-256 of the ids as little-endian int32s. */
    public String digest() {
      MessageDigest md = sha256();
      for (int v : tokens) {
        md.update((byte) v);
        md.update((byte) (v >>> 8));
        md.update((byte) (v >>> 16));
        md.update((byte) (v >>> 24));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
  }

  private final Path dir;
  private final List<String> shardNames = new ArrayList<>();
  private final List<IndexedDataset> shards = new ArrayList<>();
  private final long[] starts;
  private final int total;
  private final String fingerprint;
  private final long seed;
  private final boolean shuffle;
  private final int rank;
  private final int world;
  private int epoch;
  /** Next position in the epoch's order (a global stream index, before rank selection). */
  private long position;
  private int[] order;
  private int orderEpoch = -1;

  public PackedLoader(Path dir, long seed, boolean shuffle) throws IOException {
    this(dir, seed, shuffle, 0, 1);
  }

  public PackedLoader(Path dir, long seed, boolean shuffle, int rank, int world) throws IOException {
    checkArgument(world >= 1 && rank >= 0 && rank < world, "need 0 <= rank < world, got rank " + rank + " of " + world);
    this.dir = dir;
    this.seed = seed;
    this.shuffle = shuffle;
    this.rank = rank;
    this.world = world;
    List<Path> idx;
    try (Stream<Path> s = Files.list(dir)) {
      idx = s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.idx")).sorted().toList();
    }
    if (idx.isEmpty()) {
      throw new IOException("no packed shards (part-*.idx) in " + dir);
    }
    MessageDigest sha = sha256();
    long n = 0;
    starts = new long[idx.size() + 1];
    for (int i = 0; i < idx.size(); i++) {
      String name = idx.get(i).getFileName().toString().replaceAll("\\.idx$", "");
      Path prefix = dir.resolve(name);
      IndexedDataset ds = IndexedDataset.open(prefix);
      shards.add(ds);
      shardNames.add(name);
      starts[i] = n;
      n += ds.size();
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(PackedShardWriter.sibling(prefix, ".idx")));
    }
    starts[idx.size()] = n;
    if (n > Integer.MAX_VALUE) {
      throw new IOException("more than 2^31 sequences in " + dir);
    }
    total = (int) n;
    fingerprint = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    skipToRank();
  }

  /** Sequences per epoch in the whole dataset (all ranks). */
  public int size() {
    return total;
  }

  public int epoch() {
    return epoch;
  }

  /** Moves to this rank's next position. */
  private void skipToRank() {
    while (position % world != rank) {
      position++;
    }
    if (position >= total) {
      epoch++;
      position = rank;
    }
  }

  /** The next sequence; the stream never ends (bound it by epochs or count). */
  public Sample next() throws IOException {
    if (total == 0 || rank >= total) {
      throw new NoSuchElementException("no sequences for rank " + rank);
    }
    int g = orderOf(epoch)[(int) position];
    int s = shardOf(g);
    int index = (int) (g - starts[s]);
    Sample out = new Sample(epoch, position, shardNames.get(s), index, shards.get(s).get(index));
    position += world;
    if (position >= total) {
      epoch++;
      position = rank;
    }
    return out;
  }

  private int shardOf(long g) {
    int lo = 0;
    int hi = shards.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= g) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private int[] orderOf(int e) {
    if (orderEpoch != e) {
      int[] o = new int[total];
      for (int i = 0; i < total; i++) {
        o[i] = i;
      }
      if (shuffle) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
        for (int i = total - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          int t = o[i];
          o[i] = o[j];
          o[j] = t;
        }
      }
      order = o;
      orderEpoch = e;
    }
    return order;
  }

  /** The loader's position as JSON: restore it to continue exactly after the last sample returned. */
  public String state() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", 1);
    m.put("dataset", fingerprint);
    m.put("sequences", total);
    m.put("seed", seed);
    m.put("shuffle", shuffle);
    m.put("rank", rank);
    m.put("world", world);
    m.put("epoch", epoch);
    m.put("position", position);
    try {
      return Json.MAPPER.writeValueAsString(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Continues from a saved state; refuses one saved for other data or other settings. */
  public void restore(String json) throws IOException {
    Map<String, Object> m = Json.MAPPER.readValue(json, Json.MAP);
    check(m, "dataset", fingerprint);
    check(m, "seed", seed);
    check(m, "shuffle", shuffle);
    check(m, "rank", rank);
    check(m, "world", world);
    epoch = ((Number) m.get("epoch")).intValue();
    position = ((Number) m.get("position")).longValue();
    if (position % world != rank || position >= Math.max(total, 1)) {
      throw new IOException("state position " + position + " is not one of rank " + rank + "'s");
    }
  }

  private void check(Map<String, Object> m, String key, Object want) throws IOException {
    Object got = m.get(key);
    boolean same = got instanceof Number n && want instanceof Number w ? n.longValue() == w.longValue() : String.valueOf(want).equals(String.valueOf(got));
    if (!same) {
      throw new IOException("the state was saved with " + key + " " + got + ", this loader has " + want + " (" + dir + ")");
    }
  }

  @Override
  public void close() throws IOException {
    for (IndexedDataset d : shards) {
      d.close();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
