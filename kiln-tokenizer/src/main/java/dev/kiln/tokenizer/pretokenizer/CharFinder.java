package dev.kiln.tokenizer.pretokenizer;

import java.util.function.IntPredicate;

/** Each character satisfying a predicate is a match of its own (HF's char-predicate patterns). */
record CharFinder(IntPredicate predicate) implements MatchFinder {
    @Override
    public void find(String text, MatchSink sink) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (predicate.test(cp)) {
                sink.match(i, i + n);
            }
            i += n;
        }
    }
}
