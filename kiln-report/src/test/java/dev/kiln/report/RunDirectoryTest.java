package dev.kiln.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a finished run's stats.json is: in its output directory, or beside an applied stage's output file. */
class RunDirectoryTest {
  @Test
  void theOutputItselfOrItsKilnSibling(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectories(dir.resolve("out"));
    Files.writeString(run.resolve("stats.json"), "{}");
    assertEquals(run, Report.runDirectory(run));

    Path file = dir.resolve("kept.jsonl.zst");
    Files.writeString(file, "");
    assertNull(Report.runDirectory(file), "no stats.json anywhere yet");
    Path beside = Files.createDirectories(dir.resolve("kept.jsonl.zst.kiln"));
    Files.writeString(beside.resolve("stats.json"), "{}");
    assertEquals(beside, Report.runDirectory(file));
  }
}
