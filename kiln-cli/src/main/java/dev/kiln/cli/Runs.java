package dev.kiln.cli;

import dev.kiln.core.engine.Engine;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stats.RunStats;
import dev.kiln.pipeline.Pipeline;
import dev.kiln.pipeline.PipelineRun;
import java.util.Locale;
import java.util.function.Consumer;

/** What {@code run} and {@code apply} share: progress, the accounting table, exit codes. */
final class Runs {
  private Runs() {}

  interface Body {
    RunStats run(Consumer<Engine> onEngine);
  }

  static int execute(Recipe recipe, Boolean progress, Body body) {
    long start = System.nanoTime();
    long inputBytes;
    try {
      inputBytes = RunCommand.inputBytes(recipe);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("input error: " + e.getMessage());
      return 2;
    }
    boolean show = progress != null ? progress : System.console() != null;
    RunStats stats;
    try (Progress bar = show ? new Progress("kiln", inputBytes) : null) {
      stats = body.run(e -> {
        if (bar != null) {
          bar.watch(e);
        }
      });
    } catch (PipelineRun.QuarantineLimitExceeded e) {
      System.err.println("error: " + e.getMessage());
      report(recipe);
      return 3;
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    double secs = Progress.since(start).toMillis() / 1000.0;
    System.out.print(stats.table());
    System.out.printf(Locale.ROOT, "%,d documents in, %,d out, %.2f%% quarantined; %.1f s, %.1f MB/s of input%n",
        stats.stage("read").inCount(), Pipeline.documentsOut(stats), 100 * Pipeline.quarantineRate(stats), secs,
        inputBytes / 1e6 / Math.max(secs, 1e-3));
    System.out.println("output: " + recipe.output().location());
    report(recipe);
    return 0;
  }

  /** The HTML report beside a local output (the report reads and writes local files only). */
  private static void report(Recipe recipe) {
    if (!Recipe.isUrl(recipe.output().location())) {
      ReportCommand.afterRun(recipe.output().path());
    }
  }
}
