package dev.kiln.pack.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.testing.SharedData;
import dev.kiln.pack.PackTesting;
import dev.kiln.pack.output.PackFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipes ending in tokenize + pack, on real text: no token lost or duplicated, in every mode. */
class PackStageTest {
  static final String RECIPE = """
      seed: 5
      inputs:
        - path: a.jsonl
        - path: b.jsonl
      stages:
        - tokenize: {tokenizer: %s}
        - pack: {%s}
      output: out
      engine: {shuffle_partitions: 2, memory_mb: 64}
      """;

  @TempDir
  Path dir;

  List<Document> input() throws Exception {
    List<Document> fortunes = SharedData.documents("fortunes", 600);
    List<Document> kernel = SharedData.documents("kernel-docs", 40);
    PackTesting.writeJsonl(dir.resolve("a.jsonl"), fortunes);
    PackTesting.writeJsonl(dir.resolve("b.jsonl"), kernel);
    List<Document> all = new ArrayList<>(fortunes);
    all.addAll(kernel);
    return all;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mode: concat, seq_len: 512, document_mask: true, mask_continuations: true, parquet: true",
      "mode: concat, seq_len: 300, drop_remainder: true",
      "mode: best_fit, seq_len: 512",
      "mode: cluster, seq_len: 256, cluster_key: source",
      "mode: cluster, seq_len: 256",
      "mode: in_context, seq_len: 512, duplicate_cosine: 0.95"})
  void everyTokenExactlyOnce(String params) throws Exception {
    List<Document> docs = input();
    String tok = PackTesting.llama3();
    RunStats stats = PackTesting.run(RECIPE.formatted(tok, params + ", tokenizer: " + tok), dir, 2);
    Map<String, int[]> expected = PackTesting.tokenized(docs, tok);
    Path pack = dir.resolve("out/pack");
    PackFile report = PackFile.read(pack);
    int padId = report.padId();
    assertEquals(128001, padId);
    Map<String, Integer> covered = PackTesting.checkLineage(pack, expected, padId);
    PackFile.Dataset main = report.main();
    long dropped = main.droppedTokens();
    long lost = 0;
    long nearDuplicates = 0;
    for (Document d : docs) {
      int want = expected.get(d.id()).length;
      int got = covered.getOrDefault(d.id(), 0);
      if (got != want) {
        lost += want - got;
        if (got == 0 && params.contains("in_context")) {
          nearDuplicates++;
          continue;
        }
        assertTrue(dropped > 0, d.id() + ": " + got + " of " + want + " tokens packed");
      }
    }
    if (params.contains("in_context")) {
      PackFile.InContext ic = main.inContext();
      assertEquals(ic.nearDuplicates(), nearDuplicates);
      assertTrue(ic.meanAdjacentSimilarity() > ic.randomAdjacentSimilarity(), ic.toString());
      assertEquals(nearDuplicates, stats.stage("pack").counter("near_duplicates"));
    } else {
      assertEquals(dropped, lost);
    }
    long total = expected.values().stream().mapToLong(a -> a.length).sum();
    assertEquals(total - lost, main.tokens());
    assertEquals(total - lost, stats.stage("pack").counter("tokens"));
    assertEquals(docs.size(), stats.stage("pack").keptCount());
    if (params.contains("best_fit")) {
      assertTrue(main.truncationRate() < main.concatReference().truncationRate());
    }
    if (params.contains("parquet")) {
      assertTrue(Files.size(pack.resolve("part-00000.parquet")) > 0);
    }
  }

  @Test
  void sameBytesWhateverTheThreads() throws Exception {
    input();
    String tok = PackTesting.llama3();
    String yaml = RECIPE.formatted(tok, "mode: in_context, seq_len: 256, parquet: true, split_by: source, tokenizer: " + tok)
        .replace("output: out", "output: %s");
    PackTesting.run(yaml.formatted("one"), dir, 1);
    PackTesting.run(yaml.formatted("two"), dir, 2);
    PackTesting.assertSameFiles(dir.resolve("one/pack"), dir.resolve("two/pack"), ".bin", ".idx", ".manifest.jsonl", ".parquet");
  }
}
