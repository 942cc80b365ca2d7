package dev.kiln.pack.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.core.Document;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import dev.kiln.pack.PackTesting;
import dev.kiln.pack.output.PackedShard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mix, replay and curriculum on real text: shares in tokens, caps, determinism, stage layout. */
class MixTest {
  @TempDir
  Path dir;

  /** fortunes (en and zh) plus kernel docs, each with a made-up quality score in [0, 1). */
  void input() throws Exception {
    List<Document> docs = new ArrayList<>(SharedData.documents("fortunes", 1500));
    docs.addAll(SharedData.documents("kernel-docs", 60));
    List<Document> scored = new ArrayList<>();
    for (Document d : docs) {
      scored.add(d.withMeta("quality", new java.util.SplittableRandom(d.id().hashCode()).nextDouble()));
    }
    PackTesting.writeJsonl(dir.resolve("a.jsonl"), scored.subList(0, 900));
    PackTesting.writeJsonl(dir.resolve("b.jsonl"), scored.subList(900, scored.size()));
  }

  static String recipe(String out, String stage) {
    return """
        seed: 3
        inputs: [a.jsonl, b.jsonl]
        stages:
          - tokenize: {tokenizer: %s}
          - %s
        output: %s
        engine: {shuffle_partitions: 3, memory_mb: 64}
        """.formatted(PackTesting.llama3(), stage, out);
  }

  /** Output documents, shard by shard. */
  static List<List<Map<String, Object>>> shards(Path out) throws Exception {
    List<List<Map<String, Object>>> all = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl.zst")).sorted().toList();
    }
    for (Path f : files) {
      List<Map<String, Object>> docs = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          docs.add(Json.MAPPER.readValue(line, Json.MAP));
        }
      }
      all.add(docs);
    }
    return all;
  }

  static MixFile.Group group(Path report, int mixture, String group) throws Exception {
    return MixFile.read(report).mixtures().get(mixture).groups().get(group);
  }

  static long tokensOf(List<List<Map<String, Object>>> shards, String key, String value) {
    long t = 0;
    for (List<Map<String, Object>> s : shards) {
      for (Map<String, Object> d : s) {
        if (value.equals(d.get(key))) {
          t += ((Number) d.get("tokens")).longValue();
        }
      }
    }
    return t;
  }

  @Test
  void sharesInTokensWithUpsamplingCapAndReport() throws Exception {
    input();
    String stage = "mix: {key: lang, weights: {zh: 4, en: 4, '*': 2}, max_epochs: 3, total_tokens: 600000}";
    RunStats stats = PackTesting.run(recipe("out", stage), dir, 2);
    Path report = dir.resolve("out/mix.mix.json");
    List<List<Map<String, Object>>> out = shards(dir.resolve("out"));
    assertEquals(3, out.size());
    long all = 0;
    for (String g : List.of("zh", "en")) {
      MixFile.Group m = group(report, 0, g);
      long target = m.targetTokens();
      long achieved = m.achievedTokens();
      long available = m.availableTokens();
      assertEquals(achieved, tokensOf(out, "lang", g), g + ": the report's achieved tokens are what was written");
      if (target <= 3 * available) {
        assertTrue(Math.abs(achieved - target) < 0.01 * target, g + " target " + target + " achieved " + achieved);
      } else {
        assertTrue(achieved <= 3 * available && achieved > 2.9 * available, g + " is capped at 3 epochs");
      }
      all += achieved;
    }
    long others = group(report, 0, "*").achievedTokens();
    assertEquals(stats.stage("mix").counter("tokens"), all + others);
    // a repeated document is marked with its copy number, and never more than max_epochs times
    Map<String, Integer> uses = new HashMap<>();
    out.forEach(s -> s.forEach(d -> uses.merge((String) d.get("id"), 1, Integer::sum)));
    assertTrue(uses.values().stream().allMatch(n -> n <= 3));
    assertTrue(uses.values().stream().anyMatch(n -> n > 1), "something was up-sampled");
    // deterministic whatever the threads
    PackTesting.run(recipe("again", stage), dir, 1);
    PackTesting.assertSameFiles(dir.resolve("out"), dir.resolve("again"), ".jsonl.zst", ".mix.json");
  }

  @Test
  void replayMixesAShareOfGeneralData() throws Exception {
    input();
    RunStats stats = PackTesting.run(recipe("out", "replay: {key: domain, domain: [tech], share: 0.2}"), dir, 2);
    List<List<Map<String, Object>>> out = shards(dir.resolve("out"));
    long domain = tokensOf(out, "domain", "tech");
    long total = stats.stage("replay").counter("tokens");
    double share = 1 - (double) domain / total;
    assertTrue(Math.abs(share - 0.2) < 0.01, "general share " + share);
  }

  @Test
  void curriculumStagesFillTheirOwnShardsInOrder() throws Exception {
    input();
    String stage = """
        curriculum:
              key: lang
              cluster_gap_tokens: 2000
              stages:
                - {name: stage1, weights: {en: 1, zh: 1}, total_tokens: 200000}
                - {name: stage2, weights: {en: 1, zh: 1}, total_tokens: 80000, boost_key: quality, boost_above: 0.8, boost: 4, order: ascending, score_key: quality}
          - pack: {mode: concat, seq_len: 512, tokenizer: %s, shuffle: false}""".formatted(PackTesting.llama3());
    RunStats stats = PackTesting.run(recipe("out", stage), dir, 2);
    List<List<Map<String, Object>>> out = shards(dir.resolve("out"));
    assertEquals(4, out.size()); // stage1: 3 shuffled partitions, stage2: 1 ordered
    for (int p = 0; p < 3; p++) {
      assertTrue(out.get(p).stream().allMatch(d -> "stage1".equals(d.get("stage"))));
    }
    List<Map<String, Object>> s2 = out.get(3);
    assertTrue(s2.stream().allMatch(d -> "stage2".equals(d.get("stage"))));
    // easy to hard, but for documents the cluster gap moved later
    int inversions = 0;
    for (int i = 1; i < s2.size(); i++) {
      if (((Number) s2.get(i).get("quality")).doubleValue() < ((Number) s2.get(i - 1).get("quality")).doubleValue()) {
        inversions++;
      }
    }
    assertTrue(inversions < s2.size() / 10, inversions + " inversions in " + s2.size());
    // boosted documents (quality >= 0.8) are over-represented in stage 2
    for (String g : List.of("en", "zh")) {
      MixFile.Group m = group(dir.resolve("out/curriculum.mix.json"), 1, g);
      assertTrue(m.boostedAvailableTokens() > 0);
      assertEquals(4.0, m.rateBoosted() / m.rateOthers(), 0.001, m.toString());
    }
    // repeats of one document in stage 2 are at least 2000 tokens apart (unless counted as violations)
    Map<String, Long> lastEnd = new HashMap<>();
    long pos = 0;
    int close = 0;
    for (Map<String, Object> d : s2) {
      Long end = lastEnd.get((String) d.get("id"));
      if (end != null && pos - end < 2000) {
        close++;
      }
      pos += ((Number) d.get("tokens")).longValue();
      lastEnd.put((String) d.get("id"), pos);
    }
    assertEquals(stats.stage("curriculum").counter("cluster_gap_violations"), close);
    // pack records the stage of every sequence; no sequence mixes stages
    Path pack = dir.resolve("out/pack");
    for (int p = 0; p < 4; p++) {
      try (PackedShard shard = PackedShard.open(pack.resolve(String.format("part-%05d", p)))) {
        List<String> stages = shard.header().stages();
        assertEquals(List.of(p < 3 ? "stage1" : "stage2"), stages);
        assertEquals(p < 3 ? "stage1" : "stage2", shard.sequence(0).stage());
      }
    }
  }
}
