package dev.kiln.pack.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;

/**
 * {@code DIR/part-NNNNN.json}, what {@link PackJob} packed of one partition: its documents and
 * tokens, the main dataset's shard and, with split_by, each value's (by directory name; null: no
 * split). Written last, so its presence marks the partition done; {@link PackFile} sums them.
 * Written and read here only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PartitionSummary(int partition, int documents, long tokensIn, ShardSummary main,
    LinkedHashMap<String, ShardSummary> splits) {
  static Path path(Path dir, int partition) {
    return dir.resolve(PackJob.shardName(partition) + ".json");
  }

  void write(Path dir) throws IOException {
    Path out = path(dir, partition);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this), StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
  }

  static PartitionSummary read(Path dir, int partition) throws IOException {
    return Json.MAPPER.readValue(path(dir, partition).toFile(), PartitionSummary.class);
  }
}
