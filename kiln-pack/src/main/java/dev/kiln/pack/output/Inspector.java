package dev.kiln.pack.output;

import static dev.kiln.core.util.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.util.Json;
import dev.kiln.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@code kiln inspect} prints: a shard's header, or one sequence decoded back to text piece by
 * piece, each under its lineage (document id, token range, copy), then its padding.
 */
public final class Inspector {
  private Inspector() {}

  /** A shard prefix from what a user may type: PREFIX, PREFIX.bin, PREFIX.idx or PREFIX.manifest.jsonl. */
  public static Path prefix(String arg) {
    return Path.of(arg.replaceAll("\\.(bin|idx|parquet|manifest\\.jsonl)$", ""));
  }

  /** The tokenizer recorded in pack.json beside the shard (or one directory up, for split datasets). */
  public static String recordedTokenizer(Path prefix) throws IOException {
    Path parent = prefix.toAbsolutePath().getParent();
    for (Path d : new Path[] {parent, parent.getParent()}) {
      if (d != null && Files.exists(d.resolve(PackFile.NAME))) {
        String t = PackFile.read(d).tokenizer();
        return t.isEmpty() ? null : t;
      }
    }
    return null;
  }

  public static String header(PackedShard shard) throws IOException {
    ObjectNode h = Json.MAPPER.valueToTree(shard.header());
    h.remove("plans");
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(h);
  }

  /** Sequence n: lineage and decoded text of each piece (token ids when no tokenizer is given). */
  public static String sequence(PackedShard shard, int n, Tokenizer tok) throws IOException {
    checkArgument(n >= 0 && n < shard.size(), "sequence " + n + " is not in " + shard.prefix() + " (0.." + (shard.size() - 1) + ")");
    int[] ids = shard.tokens(n);
    PackedShard.Sequence seq = shard.sequence(n);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "sequence %d of %s: %d tokens, %d padding, stage '%s'%n", n, shard.prefix().getFileName(),
        ids.length, seq.pad(), seq.stage()));
    int k = 0;
    for (PackedShard.Segment s : seq.segments()) {
      int len = s.to() - s.from();
      sb.append(String.format(Locale.ROOT, "--- %s tokens [%d, %d)%s at %d%n", s.id(), s.from(), s.to(),
          s.copy() > 0 ? " copy " + s.copy() : "", k));
      int[] piece = Arrays.copyOfRange(ids, k, k + len);
      sb.append(tok == null ? Arrays.toString(piece) : tok.decode(piece)).append('\n');
      k += len;
    }
    if (k < ids.length) {
      sb.append(String.format(Locale.ROOT, "--- padding: %d x id %d%n", ids.length - k, ids[k]));
    }
    return sb.toString();
  }
}
