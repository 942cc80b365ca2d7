package dev.kiln.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that runs a tokenizer.json over JSONL text. */
final class TokenizerInput {
  @Option(names = "--tokenizer", required = true, description = "a Hugging Face tokenizer.json")
  Path tokenizer;

  @Option(names = "--input", required = true, description = "JSONL input (.jsonl or .jsonl.zst)")
  Path input;

  @Option(names = "--text-field", defaultValue = "text", description = "the field holding the text (default: ${DEFAULT-VALUE})")
  String textField;
}
