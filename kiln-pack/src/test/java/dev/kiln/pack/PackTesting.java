package dev.kiln.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import dev.kiln.local.LocalEngine;
import dev.kiln.pack.output.PackedShard;
import dev.kiln.pack.stages.Tokenize;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.pipeline.PipelineRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Helpers for tests that run recipes and check packed output against the tokenized input. */
public final class PackTesting {
  private PackTesting() {}

  public static EngineFactory local(int threads) {
    return (work, logs, spec) -> new LocalEngine(new LocalEngine.Options(work, Path.of(logs), threads, (long) spec.memoryMb() << 20));
  }

  public static RunStats run(String yaml, Path base, int threads) {
    Recipe recipe = new RecipeParser(StageRegistry.load()).parse(yaml, base);
    return PipelineRun.execute(recipe, local(threads), true, e -> {});
  }

  /** Writes documents as JSONL (id, text, meta fields). */
  public static Path writeJsonl(Path file, List<Document> docs) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Document d : docs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("text", d.text());
        m.putAll(d.meta());
        w.write(Json.MAPPER.writeValueAsString(m));
        w.write('\n');
      }
    }
    return file;
  }

  public static String llama3() {
    return SharedData.tokenizer("llama3").toString();
  }

  /** The token ids the tokenize stage gives each document (EOS appended). */
  public static Map<String, int[]> tokenized(List<Document> docs, String tokenizer) {
    Tokenize t = new Tokenize(new Tokenize.Config(tokenizer, false, true, "", ""));
    Map<String, int[]> m = new HashMap<>();
    for (Document d : docs) {
      m.put(d.id(), t.encode(d.text()));
    }
    return m;
  }

  /** Shard prefixes (without extension) directly in dir, in name order. */
  public static List<Path> shards(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".idx"))
          .map(p -> p.resolveSibling(p.getFileName().toString().replaceAll("\\.idx$", ""))).sorted().toList();
    }
  }

  /**
   * Checks every sequence against its lineage (tokens are the documents' tokens at the stated offsets,
   * then padding) and returns how often each token range was used: doc id -> covered token count,
   * failing on any overlap.
   */
  public static Map<String, Integer> checkLineage(Path dir, Map<String, int[]> expected, int padId) throws IOException {
    Map<String, boolean[]> seen = new HashMap<>();
    Map<String, Integer> covered = new TreeMap<>();
    for (Path prefix : shards(dir)) {
      try (PackedShard shard = PackedShard.open(prefix)) {
        for (int i = 0; i < shard.size(); i++) {
          int[] seq = shard.tokens(i);
          PackedShard.Sequence lineage = shard.sequence(i);
          int k = 0;
          for (PackedShard.Segment s : lineage.segments()) {
            int[] doc = expected.get(s.id());
            assertTrue(doc != null, "unknown document " + s.id());
            boolean[] used = seen.computeIfAbsent(s.id() + "#" + s.copy(), x -> new boolean[doc.length]);
            for (int t = s.from(); t < s.to(); t++) {
              assertEquals(doc[t], seq[k++], prefix + " sequence " + i + " token of " + s.id());
              assertTrue(!used[t], "token " + t + " of " + s.id() + " packed twice");
              used[t] = true;
            }
            covered.merge(s.id(), s.to() - s.from(), Integer::sum);
          }
          assertEquals(lineage.pad(), seq.length - k);
          for (; k < seq.length; k++) {
            assertEquals(padId, seq[k], "padding");
          }
        }
      }
    }
    return covered;
  }

  public static void assertSameFiles(Path a, Path b, String... suffixes) throws IOException {
    Map<String, byte[]> fa = files(a, suffixes);
    Map<String, byte[]> fb = files(b, suffixes);
    assertEquals(fa.keySet(), fb.keySet());
    assertTrue(!fa.isEmpty());
    fa.forEach((k, v) -> assertArrayEquals(v, fb.get(k), k + " differs"));
  }

  static Map<String, byte[]> files(Path dir, String... suffixes) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(p).toString();
        for (String suf : suffixes) {
          if (name.endsWith(suf)) {
            m.put(name, Files.readAllBytes(p));
          }
        }
      }
    }
    return m;
  }
}
