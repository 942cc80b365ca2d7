package dev.kiln.tokenizer.pretokenizer;

/** A tokenizer.json pre-tokenizer: splits a normalized segment into the pieces the model encodes. */
public interface PreTokenizer {
    /**
     * Hands the pieces of text to sink in order. startSpan is how many leading chars of text stand
     * for offset 0 of the input (0 for none; a normalizer's Prepend also maps there). Metaspace's
     * prepend_scheme "first" depends on it.
     */
    void preTokenize(String text, int startSpan, PieceSink sink);

    /** Whether pieces stand for their UTF-8 bytes (a ByteLevel step), which the model then encodes. */
    default boolean byteLevel() {
        return false;
    }

    /** Receives text[start, end) as one piece; startSpan as for {@link #preTokenize}, within the piece. */
    @FunctionalInterface
    interface PieceSink {
        void piece(String text, int start, int end, int startSpan);
    }

    /** The startSpan of a piece that begins at offset start of a text with startSpan. */
    static int spanAt(int startSpan, int start) {
        return Math.max(0, startSpan - start);
    }
}
