package dev.kiln.cli;

import dev.kiln.pack.loader.PackedLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln loader DIR}: iterates packed sequences deterministically, resumable from a JSON state. */
@Command(name = "loader", mixinStandardHelpOptions = true,
    description = "Iterates a packed dataset's sequences over epochs and shards; --state saves and resumes the position.")
public final class LoaderCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "a directory of packed shards (e.g. out/demo/pack, or one split: out/demo/pack/zh)")
  Path dir;

  @Option(names = "--seed", defaultValue = "0", description = "shuffle seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--no-shuffle", description = "shard order instead of a seeded permutation per epoch")
  boolean noShuffle;

  @Option(names = "--limit", defaultValue = "10", description = "sequences to read (default: ${DEFAULT-VALUE}; 0 = until --epochs)")
  long limit;

  @Option(names = "--epochs", defaultValue = "1", description = "stop at the end of this epoch count (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--rank", defaultValue = "0", description = "data-parallel rank")
  int rank;

  @Option(names = "--world", defaultValue = "1", description = "data-parallel ranks")
  int world;

  @Option(names = "--state", description = "JSON state file: resumed from when it exists, written after reading")
  Path state;

  @Option(names = "--tokens", description = "print token ids instead of a short hash")
  boolean tokens;

  @Override
  public Integer call() throws Exception {
    try (PackedLoader loader = new PackedLoader(dir, seed, !noShuffle, rank, world)) {
      if (state != null && Files.exists(state)) {
        loader.restore(Files.readString(state, StandardCharsets.UTF_8));
      }
      long read = 0;
      while ((limit == 0 || read < limit) && loader.epoch() < epochs) {
        PackedLoader.Sample s = loader.next();
        System.out.println(s.epoch() + "\t" + s.position() + "\t" + s.shard() + "\t" + s.index() + "\t"
            + (tokens ? java.util.Arrays.toString(s.tokens()) : s.digest()));
        read++;
      }
      if (state != null) {
        Files.writeString(state, loader.state() + "\n", StandardCharsets.UTF_8);
      }
      System.err.println("read " + read + " sequences; state " + loader.state());
      return 0;
    } catch (java.io.IOException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
