package dev.kiln.dedup;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.util.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.kiln.core.stats.DropRecord;
import java.util.stream.Stream;

/**
 * The near-duplicate clusters of a dedup run, rebuilt from what the run already records, so the
 * stage needs no side channel: a dropped document's cluster is in its drop-log detail (the kept
 * twin's id), a kept document is its own cluster's id. {@link #droppedClusters} reads the drop log;
 * {@link #write} writes one {@code {"id", "cluster"}} line per document of a dataset (the run's
 * input, read once more), in the dataset's order.
 */
public final class ClusterExport {
  private ClusterExport() {}

  /**
   * Dropped id -> cluster id (the kept twin, the drop's detail) for one stage, from a run's drop log
   * directory ({@code dropped/}); empty when the directory does not exist.
   */
  public static Map<String, String> droppedClusters(Path droppedDir, String stage) throws IOException {
    Map<String, String> out = new HashMap<>();
    DropRecord.forEach(droppedDir.getParent(), d -> {
      if (stage.equals(d.stage()) && d.detail() != null) {
        out.put(d.id(), d.detail());
      }
    });
    return out;
  }

  /**
   * Writes one {@code {"id": ..., "cluster": ...}} line per document of {@code docs}, in order, to
   * {@code out}: the cluster is {@code dropped}'s entry for the id, else the id itself. Each
   * partition is written to its own file in {@code partsDir} (created; left for the caller to
   * remove), then the files are joined in partition order. Returns the number of lines written.
   */
  public static long write(Dataset<Document> docs, Map<String, String> dropped, Path out, Path partsDir) throws IOException {
    Files.createDirectories(partsDir);
    docs.foreachPartition(new ClusterLines(partsDir.toString(), dropped));
    try (OutputStream o = Files.newOutputStream(out); Stream<Path> parts = Files.list(partsDir)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        Files.copy(p, o);
      }
    }
    try (Stream<String> lines = Files.lines(out)) {
      return lines.count();
    }
  }

  /** Writes each partition's {id, cluster} lines to its own file. */
  private static final class ClusterLines implements PartitionSink<Document> {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private final Map<String, String> dropped;

    ClusterLines(String dir, Map<String, String> dropped) {
      this.dir = dir;
      this.dropped = dropped;
    }

    @Override
    public void write(int partition, Iterator<Document> docs, TaskContext ctx) throws IOException {
      try (BufferedWriter w = Files.newBufferedWriter(Path.of(dir).resolve(String.format("part-%05d", partition)), StandardCharsets.UTF_8)) {
        while (docs.hasNext()) {
          String id = docs.next().id();
          Map<String, String> line = new LinkedHashMap<>();
          line.put("id", id);
          line.put("cluster", dropped.getOrDefault(id, id));
          w.write(Json.MAPPER.writeValueAsString(line));
          w.write('\n');
        }
      }
    }
  }
}
