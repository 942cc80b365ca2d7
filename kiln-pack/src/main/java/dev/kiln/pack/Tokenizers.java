package dev.kiln.pack;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.tokenizer.AddedToken;
import dev.kiln.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each tokenizer.json once per JVM (stages are serialized to workers and rebuilt there; the
 * tokenizer itself is immutable and thread-safe), and finds the special tokens pretraining data
 * uses: the document separator (EOS), BOS, and the fill-in-the-middle sentinels.
 */
public final class Tokenizers {
  private static final Map<String, Tokenizer> CACHE = new ConcurrentHashMap<>();

  /** Document separators, most specific first: Llama 3, GPT-2/Qwen/StarCoder, Llama 2/Mistral, Gemma. */
  static final List<String> EOS = List.of("<|end_of_text|>", "<|endoftext|>", "</s>", "<eos>", "<|end|>");
  static final List<String> BOS = List.of("<|begin_of_text|>", "<s>", "<bos>", "<|startoftext|>");
  /** FIM sentinels (prefix, suffix, middle) as Qwen2.5-Coder/Qwen3, StarCoder and Code Llama name them. */
  static final List<List<String>> FIM = List.of(
      List.of("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
      List.of("<fim_prefix>", "<fim_suffix>", "<fim_middle>"),
      List.of("▁<PRE>", "▁<SUF>", "▁<MID>"),
      List.of("<PRE>", "<SUF>", "<MID>"));

  private Tokenizers() {}

  /** The tokenizer of a tokenizer.json path (or of a directory holding one). */
  public static Tokenizer load(String path) {
    checkArgument(path != null && !path.isBlank(), "no tokenizer given (a tokenizer.json path)");
    Path p = Path.of(path);
    if (Files.isDirectory(p)) {
      p = p.resolve("tokenizer.json");
    }
    checkArgument(Files.isReadable(p), "cannot read tokenizer " + p.toAbsolutePath());
    Path key = p.toAbsolutePath().normalize();
    Path file = p;
    return CACHE.computeIfAbsent(key.toString(), k -> Tokenizer.fromFile(file));
  }

  /** The id of a named token, or the first of the candidates the vocabulary has; -1 when none. */
  public static int special(Tokenizer tok, String name, List<String> candidates) {
    if (name != null && !name.isEmpty()) {
      OptionalInt id = tok.idOf(name);
      checkArgument(!id.isEmpty(), "the tokenizer has no token '" + name + "'");
      return id.getAsInt();
    }
    // only added (special) tokens: a byte-level vocabulary may hold "<s>" as ordinary text
    for (String c : candidates) {
      for (AddedToken t : tok.addedTokens()) {
        if (t.content().equals(c)) {
          return t.id();
        }
      }
    }
    return -1;
  }

  public static int eos(Tokenizer tok, String name) {
    return special(tok, name, EOS);
  }

  public static int bos(Tokenizer tok, String name) {
    return special(tok, name, BOS);
  }

  /** Ids of the FIM sentinels (prefix, suffix, middle): the given names, or a known family's; null when none. */
  public static int[] fim(Tokenizer tok, List<String> names) {
    if (names != null && !names.isEmpty()) {
      checkArgument(names.size() == 3, "fim sentinels are three tokens: prefix, suffix, middle; got " + names);
      return new int[] {special(tok, names.get(0), List.of()), special(tok, names.get(1), List.of()), special(tok, names.get(2), List.of())};
    }
    for (List<String> family : FIM) {
      int p = special(tok, "", List.of(family.get(0)));
      int s = special(tok, "", List.of(family.get(1)));
      int m = special(tok, "", List.of(family.get(2)));
      if (p >= 0 && s >= 0 && m >= 0) {
        return new int[] {p, s, m};
      }
    }
    return null;
  }
}
