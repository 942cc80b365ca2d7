package dev.kiln.core.recipe;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.stage.Stage;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed, validated recipe: inputs, stages in order, output, seed and engine settings. The hash
 * identifies what the recipe computes (not its comments or layout): manifests record it, and resume
 * refuses to mix outputs of different recipes.
 */
public record Recipe(List<InputSpec> inputs, List<NamedStage> stages, OutputSpec output, long seed,
    EngineSpec engine, String hash) {

  /**
   * A stage with the unique name its accounting goes under (the stage name, #2 for a repeat...), and
   * its parameters as the recipe set them, defaults filled in (recipe keys to YAML values, plus
   * {@code by}/{@code overrides} as written), for reports. Serializable like the stage it holds:
   * engines ship it to worker threads and Spark executors.
   */
  public record NamedStage(String accountName, Stage stage, java.util.Map<String, Object> params) implements java.io.Serializable {
    public NamedStage {
      params = params == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** A stage without recorded parameters. */
    public NamedStage(String accountName, Stage stage) {
      this(accountName, stage, java.util.Map.of());
    }
  }

  /**
   * Where documents come from: a file, a directory or a glob; the JSON fields that make the text
   * (several are joined by newlines, arrays element by element) and the id; an optional source label.
   */
  public record InputSpec(String path, List<String> textFields, String idField, String source) implements java.io.Serializable {
    public InputSpec {
      textFields = List.copyOf(textFields);
      checkArgument(!textFields.isEmpty(), "an input needs at least one text field");
    }
  }

  /**
   * Where shards go, a local path or a URL such as {@code hdfs://nn/out} or {@code s3a://bucket/out}
   * (see {@link #isUrl}), and their compression (zst, gz or none).
   */
  public record OutputSpec(String location, String compression) {
    public OutputSpec(Path path, String compression) {
      this(path.toString(), compression);
    }

    /** The output directory as a local path; fails for a URL, which only storage-aware code can write. */
    public Path path() {
      if (isUrl(location)) {
        throw new IllegalStateException("output " + location + " is a URL, not a local path");
      }
      return Path.of(location);
    }
  }

  private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/");

  /**
   * True for a URL with a scheme ({@code hdfs://nn/x}, {@code s3a://b/x}, also Hadoop's
   * {@code scheme:/x}), false for a local path. A scheme has at least two letters, so a local path
   * never looks like one.
   */
  public static boolean isUrl(String location) {
    return URL.matcher(location).lookingAt();
  }

  /**
   * Engine settings: threads (0 = all cores), partitions for shuffles, memory for sort buffers
   * ({@link #AUTO_MEMORY} when the recipe does not set it: the engine sizes them from its heap),
   * and the share of quarantined input records above which the run fails.
   */
  public record EngineSpec(String name, int threads, int shufflePartitions, int memoryMb, double maxQuarantineRate) {
    /** memory_mb not set. */
    public static final int AUTO_MEMORY = 0;
  }
}
