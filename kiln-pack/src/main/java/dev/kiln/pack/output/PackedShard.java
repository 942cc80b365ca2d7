package dev.kiln.pack.output;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kiln.core.util.Json;
import dev.kiln.pack.megatron.IndexedDataset;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A packed shard read back: its Megatron tokens, and from the manifest its header and per sequence
 * the stage and lineage. The one reader of manifests; {@link PackedShardWriter} writes them.
 */
public final class PackedShard implements Closeable {
  /** A manifest line after the header: a sequence's number, curriculum stage, padding tokens and lineage. */
  public record Sequence(int seq, String stage, int pad, List<Segment> segments) {}

  /**
   * Tokens {@code [from, to)} of document {@code id} (copy {@code copy} when a mix repeated it, else
   * 0), written as {@code [id, from, to]} or {@code [id, from, to, copy]}.
   */
  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  public record Segment(String id, int from, int to, int copy) {}

  private final Path prefix;
  private final IndexedDataset data;
  private final ShardSummary header;
  private final List<String> lines;

  private PackedShard(Path prefix, IndexedDataset data, ShardSummary header, List<String> lines) {
    this.prefix = prefix;
    this.data = data;
    this.header = header;
    this.lines = lines;
  }

  /** Opens {@code PREFIX.bin/.idx/.manifest.jsonl}. */
  public static PackedShard open(Path prefix) throws IOException {
    Path manifest = PackedShardWriter.sibling(prefix, PackedShardWriter.MANIFEST);
    List<String> lines = new ArrayList<>();
    ShardSummary header;
    try (BufferedReader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null) {
        throw new IOException("empty manifest " + manifest);
      }
      header = Json.MAPPER.readValue(first, ShardSummary.class);
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    IndexedDataset data = IndexedDataset.open(prefix);
    if (data.size() != lines.size()) {
      data.close();
      throw new IOException(prefix + ": the index has " + data.size() + " sequences, the manifest " + lines.size());
    }
    return new PackedShard(prefix, data, header, lines);
  }

  public Path prefix() {
    return prefix;
  }

  public ShardSummary header() {
    return header;
  }

  public int size() {
    return data.size();
  }

  public IndexedDataset data() {
    return data;
  }

  public int[] tokens(int i) throws IOException {
    return data.get(i);
  }

  /** Sequence {@code i}'s line of the manifest. */
  public Sequence sequence(int i) throws IOException {
    return Json.MAPPER.readValue(lines.get(i), Sequence.class);
  }

  /** The first {@code n} sequences of a shard's manifest (fewer if it has fewer), without reading the rest. */
  public static List<Sequence> sequences(Path prefix, int n) throws IOException {
    List<Sequence> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(PackedShardWriter.sibling(prefix, PackedShardWriter.MANIFEST), StandardCharsets.UTF_8)) {
      r.readLine(); // the header
      for (String line; out.size() < n && (line = r.readLine()) != null; ) {
        out.add(Json.MAPPER.readValue(line, Sequence.class));
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
