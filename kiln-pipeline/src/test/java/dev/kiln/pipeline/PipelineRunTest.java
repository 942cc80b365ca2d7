package dev.kiln.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.testing.SharedData;
import dev.kiln.core.util.Json;
import dev.kiln.local.LocalEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunTest {
  static EngineFactory local(int threads) {
    return (work, logs, spec) -> new LocalEngine(new LocalEngine.Options(work, Path.of(logs), threads, (long) spec.memoryMb() << 20));
  }

  static Recipe recipe(String yaml, Path base) {
    return new RecipeParser(StageRegistry.load()).parse(yaml, base);
  }

  static RunStats run(String yaml, Path base, int threads) {
    return PipelineRun.execute(recipe(yaml, base), local(threads), false, e -> {});
  }

  /** Every file under dir (but the clock's readings, timing.json) with its bytes, for byte-for-byte comparison. */
  static Map<String, byte[]> tree(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        if (!p.getFileName().toString().equals(TimingFile.NAME)) {
          files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  static void assertSameTree(Map<String, byte[]> a, Map<String, byte[]> b) {
    assertEquals(a.keySet(), b.keySet());
    a.forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, b.get(name)), name + " differs"));
  }

  static final String REAL = """
      seed: 11
      inputs:
        - path: %s
        - path: %s
        - path: %s
      stages:
        - length_filter: {min_chars: 30}
        - exact_dedup
      output: out
      engine: {shuffle_partitions: 4, memory_mb: 16}
      """;

  @Test
  void accountsForEveryDocumentOfRealCorpora(@TempDir Path dir) throws Exception {
    String yaml = REAL.formatted(SharedData.corpus("fortunes"), SharedData.corpus("kernel-docs"), SharedData.corpus("spam-assassin"));
    RunStats stats = run(yaml, dir, 2);
    for (Map.Entry<String, StageStats> e : stats.stages().entrySet()) {
      assertTrue(e.getValue().balanced(), e.getKey() + " is not balanced: " + e.getValue());
    }
    StageStats read = stats.stage("read");
    assertEquals(20889 + 5127 + 6046, read.inCount());
    // Each stage receives exactly what the previous one kept.
    assertEquals(read.keptCount(), stats.stage("length_filter").inCount());
    assertEquals(stats.stage("length_filter").keptCount(), stats.stage("exact_dedup").inCount());
    assertTrue(stats.stage("exact_dedup").droppedCount() > 0, "fortunes repeats itself");

    Map<String, Object> json = Json.MAPPER.readValue(dir.resolve("out/stats.json").toFile(), Json.MAP);
    long out = ((Number) json.get("documents_out")).longValue();
    long inShards = 0;
    for (int p = 0; p < 3; p++) {
      Map<String, Object> manifest = Json.MAPPER.readValue(dir.resolve(String.format("out/part-%05d.manifest.json", p)).toFile(), Json.MAP);
      inShards += ((Number) manifest.get("documents")).longValue();
      assertEquals(json.get("recipe"), manifest.get("recipe"));
    }
    assertEquals(stats.stage("exact_dedup").keptCount(), out);
    assertEquals(out, inShards);
    assertFalse(Files.exists(dir.resolve("out/.kiln-work")), "work directory removed after success");
  }

  @Test
  void outputIsByteIdenticalWhateverTheThreads(@TempDir Path dir) throws Exception {
    String yaml = REAL.formatted(SharedData.corpus("fortunes"), SharedData.corpus("kernel-docs"), SharedData.corpus("spam-assassin"));
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    run(yaml, dir.resolve("a"), 1);
    run(yaml, dir.resolve("b"), 4);
    assertSameTree(tree(dir.resolve("a/out")), tree(dir.resolve("b/out")));
  }

  /** Writes the bad inputs; returns the quarantine entries each file must produce. */
  static Map<String, Integer> writeBadInputs(Path in) throws IOException {
    Files.createDirectories(in);
    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    bad.write("{\"id\": \"ok-1\", \"text\": \"a good line\"}\n".getBytes(StandardCharsets.UTF_8));
    bad.write("{\"id\": \"broken\", \"text\": \"no end\n".getBytes(StandardCharsets.UTF_8));
    bad.write("{\"id\": \"latin1\", \"text\": \"caf".getBytes(StandardCharsets.UTF_8));
    bad.write(new byte[] {(byte) 0xE9, (byte) 0xFF});
    bad.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    bad.write("{\"id\": \"no-text\", \"body\": \"elsewhere\"}\n".getBytes(StandardCharsets.UTF_8));
    bad.write(new byte[] {0x00, 0x13, (byte) 0x8F, 0x7F, 0x01, '\n'});
    bad.write("   \n".getBytes(StandardCharsets.UTF_8));
    bad.write("{\"id\": \"number\", \"text\": 42}\n".getBytes(StandardCharsets.UTF_8));
    bad.write("[1, 2]\n".getBytes(StandardCharsets.UTF_8));
    bad.write("{\"id\": \"ok-2\", \"text\": \"another good line\"}".getBytes(StandardCharsets.UTF_8));
    Files.write(in.resolve("bad.jsonl"), bad.toByteArray());

    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      lines.append("{\"id\": \"t-").append(i).append("\", \"text\": \"line number ").append(i).append(" of a file cut short\"}\n");
    }
    byte[] plain = lines.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(in.resolve("cut.jsonl.zst"), half(compress(plain, ZstdOutputStream::new)));
    Files.write(in.resolve("cut.jsonl.gz"), half(compress(plain, GZIPOutputStream::new)));
    Files.write(in.resolve("empty.jsonl"), new byte[0]);
    Files.write(in.resolve("junk.jsonl.zst"), "this is not zstd at all".getBytes(StandardCharsets.UTF_8));
    Map<String, Integer> want = new LinkedHashMap<>();
    want.put("bad.jsonl", 6);
    want.put("cut.jsonl.gz", 1);
    want.put("cut.jsonl.zst", 1);
    want.put("empty.jsonl", 1);
    want.put("junk.jsonl.zst", 1);
    return want;
  }

  interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  static byte[] compress(byte[] data, Compressor c) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = c.wrap(bos)) {
      o.write(data);
    }
    return bos.toByteArray();
  }

  static byte[] half(byte[] b) {
    return Arrays.copyOf(b, b.length / 2);
  }

  @Test
  void badInputIsQuarantinedWithFileAndLineAndTheRunGoesOn(@TempDir Path dir) throws Exception {
    Map<String, Integer> want = writeBadInputs(dir.resolve("in"));
    String yaml = "inputs: [in]\noutput: out\nengine: {max_quarantine_rate: 1.0}\n";
    RunStats stats = run(yaml, dir, 2);
    StageStats read = stats.stage("read");
    assertTrue(read.balanced(), read.toString());

    List<Map<String, Object>> q = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("out/quarantine"))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          q.add(Json.MAPPER.readValue(line, Json.MAP));
        }
      }
    }
    Map<String, Integer> perFile = new TreeMap<>();
    for (Map<String, Object> r : q) {
      String file = Path.of((String) r.get("file")).getFileName().toString();
      perFile.merge(file, 1, Integer::sum);
      assertTrue(r.containsKey("line") && r.containsKey("error"), "names line and error: " + r);
    }
    assertEquals(new TreeMap<>(want), perFile);
    assertEquals(q.size(), read.quarantinedCount());
    assertEquals(Map.of("blank_line", 1L), read.droppedByReason());

    List<String> badLines = q.stream().filter(r -> r.get("file").toString().endsWith("bad.jsonl"))
        .map(r -> r.get("line") + " " + r.get("error")).toList();
    assertTrue(badLines.contains("2 malformed JSON: Unexpected end-of-input: was expecting closing quote for a string value")
        || badLines.stream().anyMatch(s -> s.startsWith("2 malformed JSON")), badLines.toString());
    assertTrue(badLines.stream().anyMatch(s -> s.startsWith("3 ") && s.contains("UTF-8")), "invalid UTF-8 named: " + badLines);
    assertTrue(badLines.stream().anyMatch(s -> s.startsWith("4 missing text field 'text'")), badLines.toString());
    assertTrue(badLines.stream().anyMatch(s -> s.startsWith("7 text field 'text' is not a string")), badLines.toString());
    assertTrue(q.stream().anyMatch(r -> r.get("file").toString().endsWith("cut.jsonl.zst") && r.get("error").toString().startsWith("truncated")), q.toString());
    assertTrue(q.stream().anyMatch(r -> r.get("file").toString().endsWith("empty.jsonl") && r.get("error").equals("empty file")), q.toString());

    // The good records before each cut survive: two from bad.jsonl plus a part of each cut file.
    assertTrue(read.keptCount() > 2 + 100, "records before the damage are kept: " + read);
  }

  @Test
  void tooMuchQuarantineFailsTheRunAfterWritingItsLogs(@TempDir Path dir) throws Exception {
    writeBadInputs(dir.resolve("in"));
    String yaml = "inputs: [in/bad.jsonl]\noutput: out\nengine: {max_quarantine_rate: 0.1}\n";
    PipelineRun.QuarantineLimitExceeded e = assertThrows(PipelineRun.QuarantineLimitExceeded.class, () -> run(yaml, dir, 1));
    assertTrue(e.getMessage().contains("max_quarantine_rate"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("out/stats.json")));
    assertTrue(Files.list(dir.resolve("out/quarantine")).findAny().isPresent());
  }

  @Test
  void refusesAnOutputDirectoryOfAnotherRecipe(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/a.jsonl"), "{\"text\": \"hello world\"}\n");
    run("inputs: [in]\noutput: out\n", dir, 1);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> run("inputs: [in]\nstages: [{length_filter: {min_chars: 3}}]\noutput: out\n", dir, 1));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  @Test
  void readsJsonArraysAndJoinsTextFields(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/poems.json"), """
        [{"id": "p1", "title": "Title", "paragraphs": ["line one", "line two"], "author": "A"},
         {"title": "Only a title"},
         "not an object"]
        """);
    RunStats stats = run("inputs: [{path: in, text_field: [title, paragraphs]}]\noutput: {path: out, compression: none}\nengine: {max_quarantine_rate: 1}\n", dir, 1);
    assertEquals(3, stats.stage("read").inCount());
    assertEquals(1, stats.stage("read").quarantinedCount());
    List<String> lines = Files.readAllLines(dir.resolve("out/part-00000.jsonl"));
    assertEquals("{\"id\":\"p1\",\"text\":\"Title\\nline one\\nline two\",\"author\":\"A\"}", lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"id\":\"" + dir.resolve("in/poems.json") + "#1\""), lines.get(1));
  }
}
