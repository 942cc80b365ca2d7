package dev.kiln.core.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One line of a run's drop log: the id of a document a stage dropped, the stage, the reason, and a
 * detail (for dedup stages, the kept twin's id). The log lies in {@code dropped/STAGE/*.jsonl.gz},
 * a folder per stage ({@link #folder}); written by the engines' task reports, read here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DropRecord(String id, String stage, String reason, String detail) {
  public static final String DIR = "dropped";

  /** The folder of a stage's drop logs, under {@link #DIR}: its name with '#' (a URL fragment mark) as '-'. */
  public static String folder(String stage) {
    return stage.replace('#', '-');
  }

  /** Every drop record of an output directory, log file by log file in name order. */
  public static void forEach(Path outputDir, Consumer<DropRecord> each) throws IOException {
    Path logs = outputDir.resolve(DIR);
    if (!Files.isDirectory(logs)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(logs)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
    }
    for (Path f : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f), 1 << 16), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          each.accept(Json.MAPPER.readValue(line, DropRecord.class));
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
