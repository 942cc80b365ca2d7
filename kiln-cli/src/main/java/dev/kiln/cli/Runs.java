package dev.kiln.cli;

import dev.kiln.core.engine.Engine;
import dev.kiln.core.engine.EngineStatus;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stats.RunStats;
import dev.kiln.io.LineReader;
import dev.kiln.pipeline.Pipeline;
import dev.kiln.pipeline.PipelineRun;
import dev.kiln.pipeline.RecipeChecks;
import dev.kiln.pipeline.RunTable;
import dev.kiln.pipeline.StatsFile;
import dev.kiln.pipeline.TimingFile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** What {@code run} and {@code apply} share: progress, resume and interrupt messages, the end-of-run table, exit codes. */
final class Runs {
  private Runs() {}

  interface Body {
    RunStats run(Consumer<Engine> onEngine);
  }

  /**
   * How a run reports: progress (null: a line redrawn on a terminal, else one every interval), the
   * command that resumes it, and its checks of the recipe against the data.
   */
  record Options(Boolean progress, Duration interval, String resumeCommand, CheckOptions checks) {}

  /** Exit code of a run that finished but, with --strict, did not fit its recipe. */
  static final int STRICT = 4;

  static int execute(Recipe recipe, Options options, Body body) {
    long start = System.nanoTime();
    long inputBytes;
    try {
      inputBytes = RunCommand.inputBytes(recipe);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("input error: " + e.getMessage());
      return 2;
    }
    try {
      int committed = PipelineRun.committedSteps(recipe);
      if (committed > 0) {
        System.err.printf(Locale.ROOT, "resuming: %d steps already committed in %s; their work is skipped%n", committed,
            recipe.output().location() + "/" + PipelineRun.WORK);
      }
    } catch (IOException e) {
      System.err.println("warning: cannot look for committed work: " + e.getMessage());
    }
    boolean terminal = System.console() != null;
    boolean show = options.progress() != null ? options.progress() : true;
    AtomicReference<Engine> running = new AtomicReference<>();
    Thread interrupted = new Thread(() -> interruptedNote(recipe, running.get(), options.resumeCommand()), "kiln-interrupt");
    Runtime.getRuntime().addShutdownHook(interrupted);
    RunStats stats;
    try (Progress bar = show ? new Progress(activities(recipe), inputBytes, terminal, options.interval(), System.err) : null) {
      stats = body.run(e -> {
        running.set(e);
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
    } finally {
      running.set(null);
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the note prints
      }
    }
    double secs = Progress.since(start).toMillis() / 1000.0;
    TimingFile timing = null;
    try {
      timing = TimingFile.read(recipe.output().location());
    } catch (IOException e) {
      System.err.println("warning: cannot read the run's timing: " + e.getMessage());
    }
    System.out.print(RunTable.render(stats, timing));
    if (timing != null && timing.stepsResumed() > 0) {
      System.out.printf(Locale.ROOT, "resumed: %d of %d steps were committed before this run%n", timing.stepsResumed(), timing.steps());
    }
    System.out.printf(Locale.ROOT, "%,d documents in, %,d out, %.2f%% quarantined; %.1f s (%s s CPU), %.1f MB/s of input%n",
        stats.stage(LineReader.STAGE).inCount(), Pipeline.documentsOut(stats), 100 * Pipeline.quarantineRate(stats), secs,
        timing == null || timing.cpuS() == null ? "-" : String.format(Locale.ROOT, "%.1f", timing.cpuS()), inputBytes / 1e6 / Math.max(secs, 1e-3));
    System.out.println("output: " + recipe.output().location());
    report(recipe);
    List<String> warnings = RecipeChecks.warnings(recipe, stats, options.checks().warnDropShare);
    warnings.forEach(w -> System.err.println("warning: " + w));
    if (!warnings.isEmpty() && options.checks().strict) {
      System.err.println("error: --strict: the recipe does not fit the data (" + warnings.size() + " warnings above)");
      return STRICT;
    }
    return 0;
  }

  /**
   * For {@code run}: when the output already holds this recipe's finished run, says so with its
   * summary and returns true (nothing to redo).
   */
  static boolean alreadyComplete(Recipe recipe) {
    try {
      if (!PipelineRun.complete(recipe)) {
        return false;
      }
      StatsFile s = StatsFile.read(recipe.output().location());
      System.out.printf(Locale.ROOT, "already complete: %s holds this recipe's finished run (%,d documents in, %,d out); nothing to do"
          + " (--overwrite runs it again)%n", recipe.output().location(), s.documentsIn(), s.documentsOut());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What the run goes through, as progress names it: reading, each global stage, writing. */
  static List<String> activities(Recipe recipe) {
    List<String> names = new ArrayList<>(List.of(LineReader.STAGE));
    recipe.stages().stream().filter(s -> s.stage() instanceof GlobalStage).forEach(s -> names.add(s.accountName()));
    names.add(Pipeline.WRITE);
    return names;
  }

  /** On Ctrl-C (or kill): what was committed, and how to go on. */
  private static void interruptedNote(Recipe recipe, Engine engine, String resumeCommand) {
    if (engine == null) {
      return;
    }
    if (Recipe.isUrl(recipe.output().location())) {
      System.err.printf(Locale.ROOT, "%ninterrupted: a run into a URL (%s) keeps no work to resume; run the command again: %s%n",
          recipe.output().location(), resumeCommand);
      return;
    }
    EngineStatus s = engine.status();
    int steps = engine.activityTimes().values().stream().mapToInt(t -> t.steps()).sum();
    System.err.printf(Locale.ROOT, "%ninterrupted%s: %d steps of engine work%s are committed in %s.%nRun the same command to resume from there: %s%n",
        s.activity().isEmpty() ? "" : " during " + s.activity(), steps,
        s.tasksTotal() > 0 ? " and " + s.tasksDone() + " of the " + s.tasksTotal() + " tasks of the step under way" : "",
        recipe.output().location() + "/" + PipelineRun.WORK, resumeCommand);
  }

  /** The HTML report beside a local output (the report reads and writes local files only). */
  private static void report(Recipe recipe) {
    if (!Recipe.isUrl(recipe.output().location())) {
      ReportCommand.afterRun(recipe.output().path());
    }
  }
}
