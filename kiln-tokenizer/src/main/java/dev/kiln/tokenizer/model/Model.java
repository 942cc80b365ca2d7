package dev.kiln.tokenizer.model;

import dev.kiln.text.IntList;

/** A tokenizer.json model: turns one pre-tokenized piece into token ids. Thread-safe. */
public interface Model {
    /** Appends the ids of text[start, end) to out. */
    void encode(String text, int start, int end, IntList out);

    /** Encodes pieces like {@link Model#encode}. */
    interface PieceEncoder {
        void encode(String text, int start, int end, IntList out);
    }

    /**
     * An encoder for the calling thread to use for the pieces of one text: a model with per-thread
     * buffers looks them up once here instead of once per piece.
     */
    default PieceEncoder encoderForThread() {
        return this::encode;
    }

    /** The id of a token string, or -1. */
    int tokenToId(String token);

    /** The token string of an id, or null. */
    String idToToken(int id);

    /** One more than the largest id. */
    int vocabSize();
}
