package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  record Result(int exit, String out, String err) {}

  static synchronized Result kiln(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.commandLine().execute(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void applyRunsOneStageAndPutsQuarantineBesideTheOutput(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\":\"a\",\"text\":\"short\"}\n{\"id\":\"b\",\"text\":\"long enough text\"}\n{broken\n");
    Path out = dir.resolve("out.jsonl.zst");
    Result r = kiln("apply", "length_filter", "--set", "min_chars=10", "--input", in.toString(), "--output", out.toString(), "--no-progress", "--max-quarantine-rate", "0.5");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("length_filter"), r.out());
    List<String> lines = new java.io.BufferedReader(new java.io.InputStreamReader(
        new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(out)), StandardCharsets.UTF_8)).lines().toList();
    assertEquals(List.of("{\"id\":\"b\",\"text\":\"long enough text\"}"), lines);
    List<Path> quarantine;
    try (Stream<Path> s = Files.walk(dir)) {
      quarantine = s.filter(p -> p.toString().contains("quarantine") && Files.isRegularFile(p)).toList();
    }
    assertEquals(1, quarantine.size(), "one quarantine file beside the output");
    Map<String, Object> q = Json.MAPPER.readValue(Files.readAllLines(quarantine.get(0)).get(0), Json.MAP);
    assertEquals(3, ((Number) q.get("line")).intValue());
    assertTrue(q.get("file").toString().endsWith("in.jsonl"));
  }

  @Test
  void recipeErrorsExitWithTwoAndNameTheLine(@TempDir Path dir) throws Exception {
    Path recipe = dir.resolve("r.yaml");
    Files.writeString(recipe, "inputs: [x.jsonl]\nstages:\n  - length_filter: {min_chars: ten}\noutput: out\n");
    Result r = kiln("run", recipe.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("line 3") && r.err().contains("min_chars") && r.err().contains("expected an integer"), r.err());

    Files.writeString(recipe, "inputs: [missing.jsonl]\noutput: out\n");
    Result missing = kiln("run", recipe.toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("missing.jsonl"), missing.err());
  }

  @Test
  void stagesListsEveryStageWithParametersAndDefaults() {
    Result r = kiln("stages");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("length_filter") && r.out().contains("min_chars") && r.out().contains("= 1"), r.out());
    assertTrue(r.out().contains("exact_dedup") && r.out().contains("(global)"), r.out());
  }
}
