package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.testing.SharedData;
import dev.kiln.local.LocalEngine;
import dev.kiln.pipeline.EngineFactory;
import dev.kiln.pipeline.PipelineRun;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;

/** Running one recipe on both engines into the same output path, and comparing what they wrote. */
final class Runs {
  private Runs() {}

  static EngineFactory local(int threads) {
    return (work, logs, spec) -> new LocalEngine(new LocalEngine.Options(work, Path.of(logs), threads, (long) spec.memoryMb() << 20));
  }

  static EngineFactory spark(JavaSparkContext jsc) {
    return (work, logs, spec) -> new SparkEngine(jsc, logs);
  }

  static Recipe recipe(String yaml, Path base) {
    return new RecipeParser(StageRegistry.load()).parse(yaml, base);
  }

  /**
   * Runs the recipe into {@code base/out} and moves the result to {@code base/<name>}: both engines
   * write to the same output path, so the recipe hash (which covers it) is the same in both.
   */
  static RunStats runAs(String name, String yaml, Path base, EngineFactory engines) throws IOException {
    RunStats stats = PipelineRun.execute(recipe(yaml, base), engines, false, e -> {});
    Files.move(base.resolve("out"), base.resolve(name));
    return stats;
  }

  /** Input files cut from the shared corpora, plus repeats across files and damaged lines. */
  static List<Path> slices(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    List<String> fortunes = head("fortunes", 2500);
    List<String> poetry = head("chinese-poetry", 6000);
    List<String> kernel = head("kernel-docs", 150);
    out.add(write(dir.resolve("fortunes.jsonl.zst"), fortunes));
    out.add(write(dir.resolve("poetry.jsonl.zst"), poetry));
    out.add(write(dir.resolve("kernel.jsonl"), kernel));
    // Exact repeats of earlier documents under new ids, near repeats (one character changed), and
    // lines the reader must quarantine.
    List<String> repeats = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String src = (i % 2 == 0 ? poetry : fortunes).get((i * 37) % 2500);
      String text = dev.kiln.core.util.Json.MAPPER.readTree(src).path("text").asText();
      if (i % 3 == 0) {
        text = text.replaceFirst(".$", "!");
      }
      repeats.add(dev.kiln.core.util.Json.MAPPER.writeValueAsString(Map.of("id", "repeat/" + i, "text", text)));
      if (i % 250 == 0) {
        repeats.add("{\"id\": \"broken/" + i + "\", \"text\": \"no end");
      }
    }
    out.add(write(dir.resolve("repeats.jsonl.gz"), repeats));
    return out;
  }

  static List<String> head(String corpus, int lines) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(SharedData.corpus(corpus))), StandardCharsets.UTF_8))) {
      String line;
      while (out.size() < lines && (line = r.readLine()) != null) {
        out.add(line);
      }
    }
    return out;
  }

  static Path write(Path file, List<String> lines) throws IOException {
    byte[] data = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    try (OutputStream o = name.endsWith(".zst") ? new ZstdOutputStream(Files.newOutputStream(file))
        : name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      o.write(data);
    }
    return file;
  }

  /** Every file of a run's output (path to bytes) but its logs, which engines cut differently, and its clock readings (timing.json). */
  static Map<String, byte[]> outputs(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(p).toString();
        if (!name.startsWith("quarantine") && !name.startsWith("dropped") && !name.equals(dev.kiln.pipeline.TimingFile.NAME)) {
          files.put(name, Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  /** Every line of the logs under {@code dir/kind} (quarantine or dropped), sorted: engines name log files differently. */
  static List<String> logLines(Path dir, String kind) throws IOException {
    List<String> lines = new ArrayList<>();
    Path d = dir.resolve(kind);
    if (!Files.isDirectory(d)) {
      return lines;
    }
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
          ByteArrayOutputStream bos = new ByteArrayOutputStream();
          in.transferTo(bos);
          for (String l : bos.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isEmpty()) {
              lines.add(l);
            }
          }
        }
      }
    }
    lines.sort(null);
    return lines;
  }

  static void assertSameOutputs(Path a, Path b) throws IOException {
    Map<String, byte[]> x = outputs(a);
    Map<String, byte[]> y = outputs(b);
    assertEquals(x.keySet(), y.keySet(), "the same files");
    x.forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, y.get(name)), name + " differs between " + a + " and " + b));
    assertEquals(logLines(a, "quarantine"), logLines(b, "quarantine"), "quarantine logs");
    assertEquals(logLines(a, "dropped"), logLines(b, "dropped"), "drop logs");
  }
}
