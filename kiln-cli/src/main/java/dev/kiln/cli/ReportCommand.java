package dev.kiln.cli;

import dev.kiln.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln report OUTPUT_DIR}: rebuilds a run's report.html; the logic is in kiln-report. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Rebuilds report.html of a run from its output directory (stats.json, profile.json, manifests, logs, packed data).")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "OUTPUT_DIR", description = "the output directory of a finished run")
  Path dir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the page (default: OUTPUT_DIR/report.html)")
  Path output;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(dir.resolve("stats.json"))) {
      System.err.println("error: " + dir + " has no stats.json: not the output directory of a finished run");
      return 2;
    }
    try {
      System.out.println("report: " + Report.write(dir, output == null ? dir.resolve(Report.FILE) : output));
      return 0;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      System.err.println("error: cannot write the report: " + e.getMessage());
      return 1;
    }
  }

  /**
   * After a successful run: writes report.html beside the output (the output directory, or
   * {@code FILE.kiln/} for {@code apply}). A report that cannot be written is a warning, not a failure.
   */
  static void afterRun(Path output) {
    Path dir = Report.runDirectory(output);
    if (dir == null) {
      return;
    }
    try {
      System.out.println("report: " + Report.write(dir));
    } catch (IOException | RuntimeException e) {
      System.err.println("warning: report.html not written: " + e);
    }
  }
}
