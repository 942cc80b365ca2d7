package dev.kiln.tokenizer.model;

import dev.kiln.tokenizer.text.IntList;

/** A tokenizer.json model: turns one pre-tokenized piece into token ids. Thread-safe. */
public interface Model {
    /** Appends the ids of text[start, end) to out. */
    void encode(String text, int start, int end, IntList out);

    /** The id of a token string, or -1. */
    int tokenToId(String token);

    /** The token string of an id, or null. */
    String idToToken(int id);

    /** One more than the largest id. */
    int vocabSize();
}
