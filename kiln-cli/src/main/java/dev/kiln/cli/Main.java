package dev.kiln.cli;

import picocli.CommandLine;

/** Entry point of {@code bin/kiln}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new KilnCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
