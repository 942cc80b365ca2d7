package dev.kiln.io;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code part-NNNNN.manifest.json}, written beside each output shard once the shard is in place:
 * the shard's name and partition, its documents, uncompressed and file bytes, the file's sha256 and
 * the recipe's hash. Written and read here only.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShardManifest(String shard, int partition, long documents, long bytes, long fileBytes,
    String sha256, String recipe) {
  public static String fileName(int partition) {
    return String.format("part-%05d.manifest.json", partition);
  }

  void write(String dir) throws IOException {
    Storage.of(dir).write(Storage.resolve(dir, fileName(partition)), Json.MAPPER.writeValueAsBytes(this));
  }

  /** The manifests of an output directory, in shard order. */
  public static List<ShardManifest> list(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.manifest\\.json")).sorted().toList();
    }
    List<ShardManifest> out = new ArrayList<>();
    for (Path f : files) {
      out.add(Json.MAPPER.readValue(f.toFile(), ShardManifest.class));
    }
    return out;
  }
}
