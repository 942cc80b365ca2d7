package dev.kiln.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a running command shows its progress. */
final class ProgressOptions {
  @Option(names = "--progress", negatable = true,
      description = "show progress on stderr: a line redrawn on a terminal, else one every --progress-interval (default: on)")
  Boolean progress;

  @Option(names = "--progress-interval", defaultValue = "30", paramLabel = "SECONDS",
      description = "seconds between progress lines when not on a terminal (default: ${DEFAULT-VALUE})")
  int intervalSeconds;

  Runs.Options options(String resumeCommand, CheckOptions checks) {
    return new Runs.Options(progress, Duration.ofSeconds(Math.max(1, intervalSeconds)), resumeCommand, checks);
  }
}
