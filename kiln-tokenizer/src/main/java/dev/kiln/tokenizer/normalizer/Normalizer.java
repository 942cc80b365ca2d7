package dev.kiln.tokenizer.normalizer;

/** A tokenizer.json normalizer: rewrites a text segment before pre-tokenization. */
@FunctionalInterface
public interface Normalizer {
    String normalize(String text);
}
