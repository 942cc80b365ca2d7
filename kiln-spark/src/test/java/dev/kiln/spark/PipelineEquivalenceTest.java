package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same recipe on the local engine and on Spark local[2] writes the same bytes: every shard,
 * manifest, stats.json, profile.json and pack output file byte for byte, and the same quarantine
 * and drop log entries (sorted, since the engines cut their log files differently).
 */
class PipelineEquivalenceTest {
  /**
   * The recipe's stages: cleaning, exact and MinHash dedup, tokenize and pack (%1$s: the tokenizer).
   * A stage added here is checked on both engines.
   */
  static final String STAGES = """
        - length_filter: {min_chars: 20}
        - gopher_repetition
        - exact_dedup
        - minhash_dedup: {threshold: 0.7}
        - tokenize: {tokenizer: "%1$s"}
        - pack: {seq_len: 1024, tokenizer: "%1$s"}
      """;

  static final String RECIPE = """
      seed: 7
      inputs: [%s]
      stages:
      %s
      output: out
      engine: {shuffle_partitions: 5, memory_mb: 32, max_quarantine_rate: 0.5}
      """;

  @TempDir
  static Path shared;
  static JavaSparkContext jsc;
  static List<Path> inputs;

  @BeforeAll
  static void start() throws Exception {
    inputs = Runs.slices(shared.resolve("in"));
    jsc = new JavaSparkContext(SparkEngine.conf(new SparkEngine.Options("local[2]", shared.resolve("work"), shared, Map.of())));
  }

  @AfterAll
  static void stop() {
    if (jsc != null) {
      jsc.stop();
    }
  }

  static String recipe(String stages) {
    return RECIPE.formatted(inputs.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ")), stages.stripTrailing());
  }

  @Test
  void sparkWritesWhatTheLocalEngineWrites(@TempDir Path dir) throws Exception {
    String yaml = recipe(STAGES.formatted(SharedData.tokenizer("llama3")));
    RunStats local = Runs.runAs("local", yaml, dir, Runs.local(2));
    RunStats spark = Runs.runAs("spark", yaml, dir, Runs.spark(jsc));

    assertEquals(local.counts(), spark.counts());
    for (Map.Entry<String, StageStats> e : spark.stages().entrySet()) {
      assertTrue(e.getValue().balanced(), e.getKey() + " is not balanced: " + e.getValue());
    }
    assertTrue(spark.stage("read").quarantinedCount() > 0, "the damaged lines were quarantined");
    assertTrue(spark.stage("exact_dedup").droppedCount() > 0, "the repeats were dropped");
    assertTrue(spark.stage("minhash_dedup").droppedCount() > 0, "the near repeats were dropped");
    assertTrue(spark.stage("tokenize").counter("tokens") > 0, spark.stage("tokenize").toString());
    assertTrue(Files.isDirectory(dir.resolve("spark/pack")), "pack wrote its files");
    assertEquals(inputs.size(), Files.list(dir.resolve("spark")).filter(p -> p.toString().endsWith(".manifest.json")).count());
    Runs.assertSameOutputs(dir.resolve("local"), dir.resolve("spark"));
  }
}
