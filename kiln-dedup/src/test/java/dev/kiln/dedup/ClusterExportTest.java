package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.local.LocalEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterExportTest {
  @TempDir
  Path tmp;

  static GlobalStage stage(String name) {
    return (GlobalStage) StageRegistry.load().create(name, Map.of(), k -> 0);
  }

  @Test
  void minhashClustersComeFromTheDropLogsJsonDetail() throws Exception {
    Random r = new Random(3);
    String a = MinHashDedupTest.words(r, 400);
    String b = MinHashDedupTest.words(r, 400);
    List<Document> docs = List.of(
        Harness.doc("a0", a),
        Harness.doc("u0", MinHashDedupTest.words(r, 300)),
        Harness.doc("a1", MinHashDedupTest.edit(r, a, 3)),
        Harness.doc("b0", b),
        Harness.doc("b1", MinHashDedupTest.edit(r, b, 2)));
    Harness.run(stage("minhash_dedup"), docs, 2, 2, tmp);
    Path dropped = tmp.resolve("logs/dropped");
    assertEquals(Map.of("a1", "a0", "b1", "b0"), ClusterExport.droppedClusters(dropped, "minhash_dedup"));
    assertEquals(Map.of(), ClusterExport.droppedClusters(dropped, "exact_dedup"), "another stage's drops are not read");
  }

  @Test
  void exactClustersAreTheKeptTwinsId() throws Exception {
    List<Document> docs = List.of(Harness.doc("x", "same text"), Harness.doc("z", "other text"), Harness.doc("y", "same text"));
    Harness.run(stage("exact_dedup"), docs, 2, 1, tmp);
    assertEquals(Map.of("y", "x"), ClusterExport.droppedClusters(tmp.resolve("logs/dropped"), "exact_dedup"));
    assertEquals(Map.of(), ClusterExport.droppedClusters(tmp.resolve("absent"), "exact_dedup"), "no drop log: no clusters");
  }

  @Test
  void writesOneLinePerDocumentInDatasetOrder() throws Exception {
    List<Document> docs = new ArrayList<>();
    for (String id : List.of("d0", "d1", "d2", "d3", "d4")) {
      docs.add(Document.of(id, "text of " + id));
    }
    Path out = tmp.resolve("clusters.jsonl");
    long n;
    try (LocalEngine engine = new LocalEngine(new LocalEngine.Options(tmp.resolve("work"), tmp.resolve("logs"), 2, 64L << 20))) {
      Dataset<Document> in = engine.read(Harness.split(docs, 3),
          (split, ctx) -> CloseableIterator.of(((Harness.MemSplit) split).docs().iterator()), Codecs.DOCUMENT);
      n = ClusterExport.write(in, Map.of("d1", "d0", "d4", "d2"), out, tmp.resolve("parts"));
    }
    assertEquals(5, n);
    assertEquals(List.of(
        "{\"id\":\"d0\",\"cluster\":\"d0\"}",
        "{\"id\":\"d1\",\"cluster\":\"d0\"}",
        "{\"id\":\"d2\",\"cluster\":\"d2\"}",
        "{\"id\":\"d3\",\"cluster\":\"d3\"}",
        "{\"id\":\"d4\",\"cluster\":\"d2\"}"), Files.readAllLines(out));
    assertTrue(Files.isDirectory(tmp.resolve("parts")), "the part files stay for the caller to remove");
  }
}
