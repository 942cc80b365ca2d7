package dev.kiln.cli;

import picocli.CommandLine.Command;

/** The root command; each capability adds its subcommand to the list below. */
@Command(name = "kiln", mixinStandardHelpOptions = true, version = "kiln 0.1.0",
    description = "Turns raw text into training-ready token streams.",
    subcommands = {
        RunCommand.class,
        ApplyCommand.class,
        StagesCommand.class,
        DedupCommand.class,
        BenchCommand.class,
        PlanCommand.class,
        EvalCommand.class,
        ClassifierCommand.class,
        ReportCommand.class,
        InspectCommand.class,
        LoaderCommand.class,
        TokenizeCommand.class,
        TokenizerCommand.class,
    })
public final class KilnCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
