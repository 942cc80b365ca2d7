package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import dev.kiln.core.stats.RunStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that dies half way through and is retried by Spark ({@code local[2,2]}: two attempts per
 * task) is counted once: the failed attempt's reports (counts, quarantine and drop logs) are
 * dropped, the retry's are kept, and the run equals the local engine's byte for byte.
 */
class RetryTest {
  @TempDir
  static Path shared;
  static JavaSparkContext jsc;
  static List<Path> inputs;
  static final AtomicInteger FAILED_TASKS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    inputs = Runs.slices(shared.resolve("in"));
    jsc = new JavaSparkContext(SparkEngine.conf(new SparkEngine.Options("local[2,2]", shared.resolve("work"), shared, Map.of())));
    jsc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
          FAILED_TASKS.incrementAndGet();
        }
      }
    });
  }

  @AfterAll
  static void stop() {
    if (jsc != null) {
      jsc.stop();
    }
  }

  @BeforeEach
  void reset() {
    FAILED_TASKS.set(0);
  }

  /** Task failures the listener has seen so far; it hears of them asynchronously. */
  static int failedTasks() throws InterruptedException {
    for (int i = 0; i < 50 && FAILED_TASKS.get() == 0; i++) {
      Thread.sleep(100);
    }
    return FAILED_TASKS.get();
  }

  /**
   * fail_once before exact_dedup dies in the task that reads, parses, filters and checkpoints;
   * after it, in the task that joins the dedup decisions back and writes the shard.
   */
  @ParameterizedTest
  @ValueSource(strings = {"before", "after"})
  void aRetriedTaskIsCountedOnce(String where, @TempDir Path dir) throws Exception {
    Path marker = dir.resolve("failed-once");
    String failOnce = "  - fail_once: {marker: \"" + marker + "\", partition: 1, index: 3000}\n";
    String stages = "  - length_filter: {min_chars: 20}\n"
        + (where.equals("before") ? failOnce : "")
        + "  - exact_dedup\n"
        + (where.equals("after") ? failOnce : "");
    String yaml = PipelineEquivalenceTest.RECIPE.formatted(
        inputs.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ")), stages.stripTrailing());

    Files.createFile(marker);  // the local engine's run must not fail
    RunStats local = Runs.runAs("local", yaml, dir, Runs.local(2));
    Files.delete(marker);
    RunStats spark = Runs.runAs("spark", yaml, dir, Runs.spark(jsc));

    assertTrue(Files.exists(marker), "the first attempt failed");
    assertEquals(1, failedTasks(), "exactly one task attempt failed");
    assertEquals(local.counts(), spark.counts(), "counts are not doubled by the retry");
    assertTrue(spark.stage("fail_once").inCount() > 3000);
    Runs.assertSameOutputs(dir.resolve("local"), dir.resolve("spark"));
  }

  /** The same for a task failing on the reduce side of a shuffle, after its map side counted. */
  @Test
  void aRetriedReduceTaskIsCountedOnce(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("failed-once");
    try (SparkEngine e = new SparkEngine(jsc, dir)) {
      Dataset<String> src = e.read(SparkEngineTest.splits(), SparkEngineTest.READER, Codecs.STRING);
      Dataset<KV<String>> keyed = src.flatMap((s, out, ctx) -> {
        ctx.stats("keyed").in();
        ctx.stats("keyed").kept();
        out.emit(new KV<>(s.substring(0, s.indexOf(':')).getBytes(StandardCharsets.UTF_8), s));
      }, KV.codec(Codecs.STRING));
      String m = marker.toString();
      List<String> groups = KeyedDataset.of(keyed).groupByKey(Partitioner.hash(3), (key, values, out, ctx) -> {
        ctx.stats("groups").in();
        ctx.drop("groups", new String(key, StandardCharsets.UTF_8), "test", null);
        if (ctx.partition() == 1 && FailOnce.claim(Path.of(m))) {
          throw new IllegalStateException("reduce fails once");
        }
        out.emit(new String(key, StandardCharsets.UTF_8));
      }, Codecs.STRING).collect();
      assertEquals(500, groups.size());
      assertEquals(1, failedTasks());
      assertEquals(16003, e.stats().stage("keyed").inCount());
      assertEquals(500, e.stats().stage("groups").inCount());
      assertEquals(500, e.stats().stage("groups").droppedCount());
      assertEquals(500, Runs.logLines(dir, "dropped").size(), "the failed attempt left no drop log behind");
    }
  }
}
