package dev.kiln.tokenizer.processor;

/** Adds a tokenizer's special tokens around one encoded sequence. */
@FunctionalInterface
public interface PostProcessor {
    int[] addSpecialTokens(int[] ids);
}
