package dev.kiln.pack.output;

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
import java.util.Map;

/** A packed shard read back: its Megatron tokens, and per sequence the stage and lineage from the manifest. */
public final class PackedShard implements Closeable {
  /** Tokens {@code [from, to)} of document {@code id} (copy {@code copy} when a mix repeated it). */
  public record Segment(String id, int from, int to, int copy) {}

  private final Path prefix;
  private final IndexedDataset data;
  private final Map<String, Object> header;
  private final List<String> lines;

  private PackedShard(Path prefix, IndexedDataset data, Map<String, Object> header, List<String> lines) {
    this.prefix = prefix;
    this.data = data;
    this.header = header;
    this.lines = lines;
  }

  /** Opens {@code PREFIX.bin/.idx/.manifest.jsonl}. */
  public static PackedShard open(Path prefix) throws IOException {
    Path manifest = PackedShardWriter.sibling(prefix, PackedShardWriter.MANIFEST);
    List<String> lines = new ArrayList<>();
    Map<String, Object> header;
    try (BufferedReader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null) {
        throw new IOException("empty manifest " + manifest);
      }
      header = Json.MAPPER.readValue(first, Json.MAP);
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

  public Map<String, Object> header() {
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

  public int padding(int i) throws IOException {
    return ((Number) line(i).get("pad")).intValue();
  }

  public String stage(int i) throws IOException {
    return (String) line(i).get("stage");
  }

  @SuppressWarnings("unchecked")
  public List<Segment> lineage(int i) throws IOException {
    List<Segment> out = new ArrayList<>();
    for (List<Object> s : (List<List<Object>>) line(i).get("segments")) {
      out.add(new Segment((String) s.get(0), ((Number) s.get(1)).intValue(), ((Number) s.get(2)).intValue(),
          s.size() > 3 ? ((Number) s.get(3)).intValue() : 0));
    }
    return out;
  }

  private Map<String, Object> line(int i) throws IOException {
    return Json.MAPPER.readValue(lines.get(i), Json.MAP);
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
