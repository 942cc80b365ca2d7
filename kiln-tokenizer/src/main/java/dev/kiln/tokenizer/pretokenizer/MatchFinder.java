package dev.kiln.tokenizer.pretokenizer;

/** Finds the non-overlapping matches of a pattern, left to right, as HF's find_iter does. */
interface MatchFinder {
    void find(String text, MatchSink sink);

    /** True when the matches always cover the whole text, so there are no gaps to handle. */
    default boolean coversAll() {
        return false;
    }

    @FunctionalInterface
    interface MatchSink {
        void match(int start, int end);
    }
}
