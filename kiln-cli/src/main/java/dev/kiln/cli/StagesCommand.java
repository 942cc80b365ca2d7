package dev.kiln.cli;

import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stage.StageRegistry.ParamDescriptor;
import dev.kiln.core.stage.StageRegistry.StageDescriptor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln stages}: every stage a recipe can name, with its parameters and defaults. */
@Command(name = "stages", mixinStandardHelpOptions = true, description = "Lists stages with their parameters and defaults.")
public final class StagesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (StageDescriptor d : StageRegistry.load().all()) {
      System.out.printf("%s  (%s)%n    %s%n", d.name(), d.global() ? "global" : "per document", d.description());
      for (ParamDescriptor p : d.params()) {
        System.out.printf("    %-22s %-18s %-14s %s%n", p.key(), p.type(),
            p.required() ? "(required)" : "= " + p.defaultValue(), p.description());
      }
      if (!d.global()) {
        // Every per-document stage takes these too (the registry builds a ByMeta from them).
        System.out.printf("    %-22s %-18s %-14s %s%n", StageRegistry.BY, "string", "", "metadata key whose value selects overrides and only (e.g. domain, lang, source)");
        System.out.printf("    %-22s %-18s %-14s %s%n", StageRegistry.OVERRIDES, "a mapping", "", "parameters per value of 'by': {code: {min_words: 20}}");
        System.out.printf("    %-22s %-18s %-14s %s%n", StageRegistry.ONLY, "list of string", "", "values of 'by' the stage applies to; other documents pass untouched");
      }
    }
    return 0;
  }
}
