package dev.kiln.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of every command that runs language identification. */
final class LangIdOptions {
  @Option(names = "--languages", split = ",", description = "ISO 639-1 codes to tell apart (default: all 75)")
  List<String> languages = new ArrayList<>();

  @Option(names = "--engine", defaultValue = "fast", description = "fast or lingua (default: ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--max-chars", defaultValue = "1500", description = "sample size for long documents (default: ${DEFAULT-VALUE})")
  int maxChars;
}
