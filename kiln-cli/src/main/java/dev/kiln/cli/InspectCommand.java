package dev.kiln.cli;

import dev.kiln.pack.Tokenizers;
import dev.kiln.pack.output.Inspector;
import dev.kiln.pack.output.PackedShard;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln inspect PREFIX [N]}: a packed shard's header, or sequence N decoded with its lineage. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Shows a packed shard (PREFIX.bin/.idx/.manifest.jsonl), or decodes sequence N back to text with its lineage.")
public final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PREFIX", description = "shard prefix, e.g. out/demo/pack/part-00000")
  String prefix;

  @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "sequence number (default: the header only)")
  Integer n;

  @Option(names = "--tokenizer", description = "tokenizer.json to decode with (default: the one pack.json records)")
  String tokenizer;

  @Override
  public Integer call() throws Exception {
    Path p = Inspector.prefix(prefix);
    try (PackedShard shard = PackedShard.open(p)) {
      if (n == null) {
        System.out.println(Inspector.header(shard));
        return 0;
      }
      String t = tokenizer != null ? tokenizer : Inspector.recordedTokenizer(p);
      System.out.print(Inspector.sequence(shard, n, t == null ? null : Tokenizers.load(t)));
      return 0;
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
