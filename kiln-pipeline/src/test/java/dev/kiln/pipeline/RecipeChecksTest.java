package dev.kiln.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe checked against its data: keys and values that never match, a stage dropping most of its input; and --dry-run. */
class RecipeChecksTest {
  static final String RECIPE = """
      inputs:
        - {path: %s, source: fortunes}
      stages:
        - length_filter: {min_chars: 10, by: sourse, overrides: {fortunes: {min_chars: 20}}}
        - length_filter: {min_chars: 10, by: source, only: [fortunez, fortunes]}
        - length_filter: {min_chars: 100000}
      output: out
      engine: {shuffle_partitions: 2, memory_mb: 16}
      """;

  @Test
  void keysAndValuesThatNeverMatchAndLargeDropsAreWarnedOf(@TempDir Path dir) {
    String yaml = RECIPE.formatted(SharedData.corpus("fortunes"));
    RunStats stats = PipelineRunTest.run(yaml, dir, 2);
    Recipe recipe = PipelineRunTest.recipe(yaml, dir);
    List<String> w = RecipeChecks.warnings(recipe, stats, RecipeChecks.DROP_WARNING);
    assertEquals(3, w.size(), w.toString());
    assertTrue(w.get(0).startsWith("length_filter: no document it saw") && w.get(0).contains("'by: sourse'"), w.get(0));
    assertTrue(w.get(1).contains("length_filter#2") && w.get(1).contains("source = 'fortunez'"), w.get(1));
    assertTrue(w.get(2).startsWith("length_filter#3 dropped 100%"), w.get(2));
    // The same recipe spelled right, with a lenient drop share: nothing to say.
    String right = yaml.replace("sourse", "source").replace("fortunez, ", "");
    assertEquals(List.of(), RecipeChecks.warnings(PipelineRunTest.recipe(right, dir), PipelineRunTest.run(right, dir.resolve("right"), 2), 1.0));
  }

  @Test
  void aDryRunListsTheInputsAndTriesTheStagesOnASample(@TempDir Path dir) throws Exception {
    Recipe recipe = PipelineRunTest.recipe(RECIPE.formatted(SharedData.corpus("fortunes")), dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RunStats sample = DryRun.run(recipe, 50, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("fortunes.jsonl.zst: 1 files"), out);
    assertEquals(50, sample.stage("read").inCount(), out);
    assertTrue(out.contains("length_filter#3") && out.contains("0%"), out);
    assertTrue(RecipeChecks.warnings(recipe, sample, RecipeChecks.DROP_WARNING).size() == 3);
  }
}
