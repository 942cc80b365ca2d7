package dev.kiln.bench.tokenizer;

/** Something that encodes text to token ids; what the bench times. Must be thread-safe. */
public interface Encoder extends AutoCloseable {
    String name();

    /** Encodes text without special tokens and returns the number of ids. */
    int encode(String text);

    @Override
    default void close() {}
}
