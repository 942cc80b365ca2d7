package dev.kiln.cli;

import picocli.CommandLine.Command;

/** Benchmarks that report a ratio against a reference measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures Kiln against a reference in the same run.",
    subcommands = {
        BenchReadCommand.class,
        BenchDedupCommand.class,
        BenchEngineCommand.class,
        BenchCleanCommand.class,
        BenchLangidCommand.class,
        BenchPackCommand.class,
        BenchTokenizeCommand.class,
    })
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
