package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.stats.RunStats;
import dev.kiln.io.Storage;
import dev.kiln.pipeline.PipelineRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs and output at URLs, read and written through Hadoop's file systems: a recipe whose inputs
 * (a glob, a file, a directory) and output are {@code kilntest://} URLs ({@link KilnTestFileSystem},
 * the local disk as Hadoop sees it) runs on Spark local[2] and writes what the local engine writes
 * for the same files given as local paths: the same shards byte for byte, the same accounting, and
 * the same manifests, stats, profile and log entries but for the recipe hash (it covers the input
 * paths as written) and the URL prefix of the input files' names.
 */
class HadoopPathsTest {
  static final String RECIPE = """
      seed: 11
      inputs:
        - %1$s/in/*.zst
        - %1$s/in/kernel.jsonl
        - {path: %1$s/more, source: repeats}
      stages:
        - length_filter: {min_chars: 20}
        - gopher_repetition
        - exact_dedup
        - minhash_dedup: {threshold: 0.7}
      output: %2$s
      engine: {shuffle_partitions: 3, max_quarantine_rate: 0.5}
      """;

  @TempDir
  static Path shared;
  static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    jsc = new JavaSparkContext(SparkEngine.conf(new SparkEngine.Options("local[2]", shared.resolve("work"), shared,
        Map.of("spark.hadoop.fs." + KilnTestFileSystem.SCHEME + ".impl", KilnTestFileSystem.class.getName()))));
  }

  @AfterAll
  static void stop() {
    if (jsc != null) {
      jsc.stop();
    }
  }

  static String url(Path p) {
    return KilnTestFileSystem.SCHEME + "://" + p.toAbsolutePath();
  }

  @Test
  void sparkReadsAndWritesUrlsAsTheLocalEngineDoesPaths(@TempDir Path dir) throws Exception {
    List<Path> slices = Runs.slices(dir.resolve("in"));
    Path more = Files.createDirectories(dir.resolve("more/deeper"));
    Files.move(slices.get(3), more.resolve("repeats.jsonl.gz")); // a directory input, walked to any depth
    Files.move(slices.get(2), dir.resolve("in/kernel.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    RunStats local = PipelineRun.execute(Runs.recipe(RECIPE.formatted(dir, dir.resolve("local")), dir), Runs.local(2), false, e -> {});
    long opened = KilnTestFileSystem.OPENED.get();
    long created = KilnTestFileSystem.CREATED.get();
    RunStats spark = PipelineRun.execute(Runs.recipe(RECIPE.formatted(url(dir), url(dir.resolve("spark"))), dir), Runs.spark(jsc), false,
        e -> {});

    assertEquals(local.counts(), spark.counts());
    assertTrue(spark.stage("read").quarantinedCount() > 0, "the damaged lines were quarantined");
    assertTrue(spark.stage("exact_dedup").droppedCount() > 0, "the repeats were dropped");
    assertTrue(KilnTestFileSystem.OPENED.get() - opened >= 4, "the four inputs were read through Hadoop");
    assertTrue(KilnTestFileSystem.CREATED.get() - created >= 8, "shards, manifests, logs and stats were written through Hadoop");

    Path a = dir.resolve("local");
    Path b = dir.resolve("spark");
    String localHash = (String) dev.kiln.core.util.Json.MAPPER.readValue(a.resolve("stats.json").toFile(), Map.class).get("recipe");
    String sparkHash = (String) dev.kiln.core.util.Json.MAPPER.readValue(b.resolve("stats.json").toFile(), Map.class).get("recipe");
    assertNotEquals(localHash, sparkHash, "the recipe hash covers the inputs as written");
    Map<String, byte[]> x = Runs.outputs(a);
    Map<String, byte[]> y = Runs.outputs(b);
    assertEquals(x.keySet(), y.keySet(), "the same files, and no temporary or work files left");
    assertEquals(3, x.keySet().stream().filter(n -> n.endsWith(".jsonl.zst")).count(), x.keySet().toString());
    x.forEach((name, bytes) -> {
      if (name.endsWith(".jsonl.zst")) {
        assertArrayEquals(bytes, y.get(name), name);
      } else {
        assertEquals(new String(bytes, StandardCharsets.UTF_8), withoutUrls(new String(y.get(name), StandardCharsets.UTF_8), sparkHash, localHash), name);
      }
    });
    for (String kind : List.of("quarantine", "dropped")) {
      List<String> lines = Runs.logLines(b, kind).stream().map(l -> withoutUrls(l, sparkHash, localHash)).sorted().toList();
      assertFalse(lines.isEmpty(), kind);
      assertEquals(Runs.logLines(a, kind), lines, kind);
    }
  }

  static String withoutUrls(String text, String sparkHash, String localHash) {
    return text.replace(sparkHash, localHash).replace(KilnTestFileSystem.SCHEME + "://", "");
  }

  @Test
  void urlOutputsRefuseAnotherRecipesRunAndPathWritingStages(@TempDir Path dir) throws Exception {
    Path in = Runs.write(Files.createDirectories(dir.resolve("in")).resolve("a.jsonl"), List.of("{\"id\": \"a\", \"text\": \"one document, long enough\"}"));
    String out = url(dir.resolve("out"));
    String yaml = "inputs: [" + url(in) + "]\noutput: " + out + "\n";
    PipelineRun.execute(Runs.recipe(yaml, dir), Runs.spark(jsc), false, e -> {});
    assertTrue(Files.isRegularFile(dir.resolve("out/part-00000.jsonl.zst")));
    assertFalse(Files.exists(dir.resolve("out/.kiln-work")), "the work marker is removed when the run succeeds");

    IllegalStateException other = assertThrows(IllegalStateException.class,
        () -> PipelineRun.execute(Runs.recipe("seed: 5\n" + yaml, dir), Runs.spark(jsc), false, e -> {}));
    assertTrue(other.getMessage().contains("different recipe"), other.getMessage());

    Exception pack = assertThrows(Exception.class, () -> PipelineRun.execute(
        Runs.recipe("inputs: [" + url(in) + "]\nstages:\n  - pack: {vocab_size: 100, seq_len: 8}\noutput: " + url(dir.resolve("packed")) + "\n", dir),
        Runs.spark(jsc), false, e -> {}));
    assertTrue(String.valueOf(pack.getMessage()).contains("must be a local or mounted directory"), String.valueOf(pack.getMessage()));
  }

  @Test
  void unknownSchemesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Storage.of("nosuchfs://host/x"));
    assertTrue(e.getMessage().contains("'nosuchfs:'"), e.getMessage());
    assertTrue(Storage.of(url(shared)) instanceof HadoopStorage);
    assertEquals(Storage.LOCAL, Storage.of(shared.toString()));
  }
}
