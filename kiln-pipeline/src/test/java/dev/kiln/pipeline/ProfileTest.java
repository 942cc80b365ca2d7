package dev.kiln.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.stats.RunStats;
import dev.kiln.pipeline.profile.Profiler;
import dev.kiln.pipeline.profile.Samples;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile.json: what reports are built from, deterministic and consistent with stats.json. */
class ProfileTest {
  static final String RECIPE = """
      seed: 3
      inputs:
        - {path: %s, source: fortunes}
        - {path: %s, source: kernel}
      stages:
        - length_filter: {min_chars: 40}
        - exact_dedup
        - length_filter: {max_chars: 20000}
      output: out
      engine: {shuffle_partitions: 3, memory_mb: 16}
      """;

  @Test
  @SuppressWarnings("unchecked")
  void profilesAreDeterministicAndAddUp(@TempDir Path dir) throws Exception {
    String yaml = RECIPE.formatted(SharedData.corpus("fortunes"), SharedData.corpus("kernel-docs"));
    Path one = Files.createDirectories(dir.resolve("one"));
    Path three = Files.createDirectories(dir.resolve("three"));
    RunStats stats = PipelineRunTest.run(yaml, one, 1);
    PipelineRunTest.run(yaml, three, 3);
    byte[] a = Files.readAllBytes(one.resolve("out/profile.json"));
    assertTrue(java.util.Arrays.equals(a, Files.readAllBytes(three.resolve("out/profile.json"))), "profile.json depends on threads");
    assertFalse(Files.readString(one.resolve("out/stats.json")).contains("\"profile\""), "stats.json stays compact");

    Map<String, Object> profile = Json.MAPPER.readValue(a, Json.MAP);
    Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) (Object) profile.get("stages");
    assertEquals(List.of("read", "length_filter", "exact_dedup", "length_filter#2"), List.copyOf(stages.keySet()));
    assertEquals("document", stages.get("length_filter").get("kind"));
    assertEquals("global", stages.get("exact_dedup").get("kind"));
    assertEquals(Map.of("min_chars", 40, "max_chars", 100000000), stages.get("length_filter").get("params"));
    assertEquals(20000, ((Map<String, Object>) stages.get("length_filter#2").get("params")).get("max_chars"));

    // Breakdowns: what was read, by source, adds up to the read count; what was written, to the output.
    Map<String, Map<String, Object>> readSources = (Map<String, Map<String, Object>>) ((Map<String, Object>) stages.get("read").get("breakdown")).get("source");
    assertEquals(stats.stage("read").keptCount(), readSources.values().stream().mapToLong(c -> ((Number) c.get("documents")).longValue()).sum());
    assertEquals(List.of("fortunes", "kernel"), List.copyOf(readSources.keySet()));
    Map<String, Map<String, Object>> outSources = (Map<String, Map<String, Object>>) ((Map<String, Object>) stages.get("length_filter#2").get("breakdown")).get("source");
    assertEquals(Pipeline.documentsOut(stats), outSources.values().stream().mapToLong(c -> ((Number) c.get("documents")).longValue()).sum());
    assertFalse(stages.get("exact_dedup").containsKey("breakdown"));

    // Rows: the length filter measured every sampled document's length, dropped ones too.
    Map<String, Object> rows = (Map<String, Object>) stages.get("length_filter").get("rows");
    assertEquals(List.of(Profiler.CHARS), rows.get("columns"));
    List<List<Object>> dropped = (List<List<Object>>) rows.get("dropped");
    assertEquals(Math.min(Samples.DROPPED_ROWS, stats.stage("length_filter").droppedCount()), dropped.size());
    for (List<Object> r : dropped) {
      assertEquals("too_short", r.get(1));
      assertTrue(((Number) r.get(2)).longValue() < 40, r.toString());
    }
    // Dedup drops are sampled with their text and kept twin.
    Map<String, List<Map<String, Object>>> dd = (Map<String, List<Map<String, Object>>>) ((Map<String, Object>) stages.get("exact_dedup").get("docs")).get("dropped");
    Map<String, Object> dup = dd.get("duplicate").get(0);
    assertTrue(dup.get("text") instanceof String && dup.get("detail") instanceof String, dup.toString());
    // Kept samples are the same documents at every stage they pass (bottom-k by id hash).
    List<Map<String, Object>> keptRead = (List<Map<String, Object>>) ((Map<String, Object>) stages.get("read").get("docs")).get("kept");
    assertEquals(Samples.DOCS, keptRead.size());
  }
}
