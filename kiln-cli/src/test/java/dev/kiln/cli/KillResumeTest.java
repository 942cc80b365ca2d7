package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.kiln.pipeline.TimingFile;
import dev.kiln.report.Report;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at several points, started again each time, ends with output
 * byte-identical to a run that was never interrupted.
 */
class KillResumeTest {
  private static String recipe() {
    return """
        seed: 5
        inputs:
          - path: %s
          - path: %s
          - path: %s
          - path: %s
        stages:
          - length_filter: {min_chars: 20}
          - exact_dedup
        output: out
        engine: {shuffle_partitions: 6, memory_mb: 16}
        """.formatted(SharedData.corpus("fortunes"), SharedData.corpus("kernel-docs"), SharedData.corpus("spam-assassin"),
        SharedData.corpus("jdk-src"));
  }

  private static Process start(Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.kiln.cli.Main",
        "run", dir.resolve("recipe.yaml").toString(), "--threads", "2", "--no-progress")
        .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
  }

  private static long markers(Path out) throws IOException {
    Path work = out.resolve(".kiln-work");
    // the run renames and deletes files while this looks: a file gone mid-walk means look again
    for (int attempt = 1; ; attempt++) {
      if (!Files.isDirectory(work)) {
        return 0;
      }
      try (Stream<Path> s = Files.walk(work)) {
        return s.filter(p -> p.toString().endsWith(".done")).count();
      } catch (NoSuchFileException | UncheckedIOException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Every file of an output, as the run's determinism promises it: all but {@code timing.json}, and
   * {@code report.html} without its timing block (the clock's readings differ between any two runs).
   */
  private static Map<String, byte[]> tree(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(p).toString();
        if (name.equals(TimingFile.NAME)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(p);
        if (name.equals(Report.FILE)) {
          bytes = Report.TIMING_BLOCK.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("").getBytes(StandardCharsets.UTF_8);
        }
        files.put(name, bytes);
      }
    }
    return files;
  }

  @Test
  void killedRunsResumeToByteIdenticalOutput(@TempDir Path dir) throws Exception {
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Path killed = Files.createDirectories(dir.resolve("killed"));
    Files.writeString(clean.resolve("recipe.yaml"), recipe());
    Files.writeString(killed.resolve("recipe.yaml"), recipe());

    Process p = start(clean);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), Files.readString(clean.resolve("log.txt")));

    // Kill points by committed tasks: within the first checkpoint, within the shuffles, within the write.
    int kills = 0;
    for (long atMarkers : List.of(1L, 7L, 15L, 21L)) {
      Process run = start(killed);
      while (run.isAlive() && markers(killed.resolve("out")) < atMarkers) {
        Thread.sleep(20);
      }
      if (run.isAlive()) {
        if (kills == 0) {
          // SIGTERM, as Ctrl-C: the run says what it committed and how to resume.
          run.destroy();
          run.waitFor();
          String log = Files.readString(killed.resolve("log.txt"));
          assertTrue(log.contains("interrupted") && log.contains("Run the same command to resume"), log);
        } else {
          run.destroyForcibly().waitFor();
        }
        kills++;
      }
    }
    assertTrue(kills >= 3, "the run was killed mid-way at least three times, got " + kills);
    Process last = start(killed);
    assertTrue(last.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, last.exitValue(), Files.readString(killed.resolve("log.txt")));

    Map<String, byte[]> want = tree(clean.resolve("out"));
    Map<String, byte[]> got = tree(killed.resolve("out"));
    assertEquals(want.keySet(), got.keySet());
    want.forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, got.get(name)), name + " differs after resume"));
    assertTrue(want.containsKey("stats.json") && want.containsKey("part-00003.jsonl.zst") && want.containsKey(Report.FILE), want.keySet().toString());
    assertTrue(Files.exists(killed.resolve("out").resolve(TimingFile.NAME)));
    // The rerun said what it resumed.
    assertTrue(Files.readString(killed.resolve("log.txt")).contains("steps were committed before this run"), Files.readString(killed.resolve("log.txt")));

    // A run of a finished output does nothing, and says so.
    Process again = start(killed);
    assertTrue(again.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, again.exitValue());
    assertTrue(Files.readString(killed.resolve("log.txt")).startsWith("already complete"), Files.readString(killed.resolve("log.txt")));
    tree(killed.resolve("out")).forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, want.get(name)), name + " changed by a run of a finished output"));
  }
}
