package dev.kiln.cli;

import dev.kiln.bench.EngineBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bench engine}: a thin front of kiln-bench's {@link EngineBench}. */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = "The same recipe on the local engine and on Spark local[N]: MB/s, the overhead ratio, global (dedup) phases at 1 and N cores.")
public final class BenchEngineCommand implements Callable<Integer> {
  @Option(names = "--recipe", defaultValue = "examples/demo.yaml", description = "the recipe (default: ${DEFAULT-VALUE})")
  Path recipeFile;

  @Option(names = "--cores", defaultValue = "2", description = "local engine threads and Spark local[N] cores (default: ${DEFAULT-VALUE})")
  int cores;

  @Option(names = "--rounds", defaultValue = "2", description = "timed rounds per measurement, after a warm-up (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--scaling", negatable = true, defaultValue = "true",
      description = "also time the global phases alone at 1 and N cores on both engines (default: ${DEFAULT-VALUE})")
  boolean scaling;

  @Override
  public Integer call() throws Exception {
    EngineBench.run(new EngineBench.Options(recipeFile, cores, rounds, scaling), Engines::local, System.out);
    return 0;
  }
}
