package dev.kiln.spark;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.Stage;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.stage.StageProvider;
import dev.kiln.core.stats.StageStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Test only: passes documents through, counting them, but fails its task at one document while a
 * marker file is absent (creating it), so the task's first attempt dies half way through and a
 * retry succeeds.
 */
@StageInfo(name = "fail_once", description = "Test only: fails its task once, at a given document, while a marker file is absent.")
public final class FailOnce implements GlobalStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param("file whose absence makes the stage fail (created when it fails)") String marker,
      @Param("partition to fail in") int partition,
      @Param("index of the document in that partition to fail at") int index) implements java.io.Serializable {}

  private final Config config;

  public FailOnce(Config config) {
    this.config = config;
  }

  @Override
  public Dataset<Document> apply(Dataset<Document> docs, StageContext ctx) {
    Config c = config;
    String name = ctx.stageName();
    return docs.mapPartitions((p, it, tc) -> new Iterator<Document>() {
      long i;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Document next() {
        Document d = it.next();
        StageStats s = tc.stats(name);
        s.in();
        if (p == c.partition() && i++ == c.index() && claim(Path.of(c.marker()))) {
          throw new IllegalStateException("fail_once: failing partition " + p + " at document " + c.index() + " (" + d.id() + ")");
        }
        s.kept();
        return d;
      }
    }, Codecs.DOCUMENT);
  }

  static boolean claim(Path marker) {
    try {
      Files.createFile(marker);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers the test stage. */
  public static final class Provider implements StageProvider {
    @Override
    public List<Class<? extends Stage>> stages() {
      return List.of(FailOnce.class);
    }
  }
}
