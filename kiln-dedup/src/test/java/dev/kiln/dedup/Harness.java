package dev.kiln.dedup;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.util.Json;
import dev.kiln.local.LocalEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Runs a global stage on in-memory documents through the local engine's real phases. */
final class Harness {
  private Harness() {}

  /** Output documents in order, every drop-log entry (sorted by file), and the run's accounting. */
  record Result(List<Document> kept, List<Map<String, Object>> dropped, RunStats stats) {
    Map<String, Object> dropOf(String id) {
      return dropped.stream().filter(d -> id.equals(d.get("id"))).findFirst().orElse(null);
    }

    List<String> keptIds() {
      return kept.stream().map(Document::id).toList();
    }
  }

  /** A partition of documents held in memory. */
  record MemSplit(List<Document> docs) implements Split {
    @Override
    public String name() {
      return "mem";
    }

    @Override
    public long size() {
      return -1;
    }
  }

  /** Splits documents into {@code parts} contiguous partitions. */
  static List<MemSplit> split(List<Document> docs, int parts) {
    List<MemSplit> out = new ArrayList<>();
    int n = docs.size();
    for (int p = 0; p < parts; p++) {
      out.add(new MemSplit(List.copyOf(docs.subList(p * n / parts, (p + 1) * n / parts))));
    }
    return out;
  }

  static Result run(GlobalStage stage, List<Document> docs, int parts, int threads, Path dir) {
    return run(stage, docs, parts, threads, 4, dir);
  }

  static Result run(GlobalStage stage, List<Document> docs, int parts, int threads, int shufflePartitions, Path dir) {
    try {
      Path work = Files.createDirectories(dir.resolve("work"));
      Path logs = Files.createDirectories(dir.resolve("logs"));
      try (LocalEngine engine = new LocalEngine(new LocalEngine.Options(work, logs, threads, 64L << 20))) {
        Dataset<Document> in = engine.read(split(docs, parts), (split, ctx) -> CloseableIterator.of(((MemSplit) split).docs().iterator()), Codecs.DOCUMENT);
        Dataset<Document> out = stage.apply(in, new StageContext(stage.name(), 7, shufflePartitions));
        List<List<Document>> byPart = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(out.numPartitions(), null)));
        out.foreachPartition(new PartitionSink<Document>() {
          @Override
          public void write(int partition, java.util.Iterator<Document> records, TaskContext context) {
            List<Document> l = new ArrayList<>();
            records.forEachRemaining(l::add);
            byPart.set(partition, l);
          }
        });
        List<Document> kept = new ArrayList<>();
        byPart.forEach(kept::addAll);
        return new Result(kept, drops(logs), engine.stats());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> drops(Path logs) throws IOException {
    Path dir = logs.resolve("dropped");
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.add(Json.MAPPER.readValue(line, Json.MAP));
        }
      }
    }
    return out;
  }

  static Document doc(String id, String text, Object... meta) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < meta.length; i += 2) {
      m.put((String) meta[i], meta[i + 1]);
    }
    return Document.of(id, text, m);
  }
}
