package dev.kiln.cli;

import dev.kiln.pipeline.RecipeChecks;
import picocli.CommandLine.Option;

/** How a run checks its recipe against the data: what it warns of, and whether a warning fails it. */
final class CheckOptions {
  @Option(names = "--strict", description = "fail (exit 4) when the recipe does not fit the data: a 'by' key or an 'overrides'/'only' value no document has, a stage dropping more than --warn-drop-share")
  boolean strict;

  @Option(names = "--warn-drop-share", defaultValue = "" + RecipeChecks.DROP_WARNING, paramLabel = "SHARE",
      description = "warn when a stage drops more than this share of what it receives (default: ${DEFAULT-VALUE})")
  double warnDropShare;
}
