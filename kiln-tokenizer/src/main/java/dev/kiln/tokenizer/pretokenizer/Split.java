package dev.kiln.tokenizer.pretokenizer;

import java.util.Arrays;

/**
 * Splits on the matches of a pattern with one of the five behaviors, optionally inverted (the
 * matches become the kept parts). Also the engine of Whitespace, Digits, Punctuation, Bert and
 * Metaspace splitting.
 */
final class Split implements PreTokenizer {
    private final MatchFinder finder;
    private final SplitBehavior behavior;
    private final boolean invert;
    private final boolean direct;

    Split(MatchFinder finder, SplitBehavior behavior, boolean invert) {
        this.finder = finder;
        this.behavior = behavior;
        this.invert = invert;
        // every piece is one match and nothing is dropped: no bookkeeping needed
        this.direct = finder.coversAll()
                && ((behavior == SplitBehavior.ISOLATED && !invert) || (behavior == SplitBehavior.REMOVED && invert));
    }

    @Override
    public void preTokenize(String text, int startSpan, PieceSink sink) {
        if (text.isEmpty()) {
            return;
        }
        if (direct) {
            finder.find(text, (s, e) -> {
                if (e > s) {
                    sink.piece(text, s, e, PreTokenizer.spanAt(startSpan, s));
                }
            });
            return;
        }
        Segments segs = new Segments();
        int[] prev = {0};
        finder.find(text, (s, e) -> {
            if (prev[0] != s) {
                segs.add(prev[0], s, invert);
            }
            segs.add(s, e, !invert);
            prev[0] = e;
        });
        if (prev[0] != text.length()) {
            segs.add(prev[0], text.length(), invert);
        }
        segs.apply(behavior);
        for (int k = 0; k < segs.size; k++) {
            int s = segs.start[k];
            int e = segs.end[k];
            if (!segs.match[k] && e > s) {
                sink.piece(text, s, e, PreTokenizer.spanAt(startSpan, s));
            }
        }
    }

    /** (start, end, isMatch) triples; after apply(), "match" means "remove". */
    private static final class Segments {
        int[] start = new int[16];
        int[] end = new int[16];
        boolean[] match = new boolean[16];
        int size;

        void add(int s, int e, boolean isMatch) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                match = Arrays.copyOf(match, size * 2);
            }
            start[size] = s;
            end[size] = e;
            match[size] = isMatch;
            size++;
        }

        void apply(SplitBehavior behavior) {
            switch (behavior) {
                case REMOVED -> { }
                case ISOLATED -> Arrays.fill(match, 0, size, false);
                case CONTIGUOUS -> fold(false);
                case MERGED_WITH_PREVIOUS -> fold(true);
                case MERGED_WITH_NEXT -> mergeWithNext();
            }
        }

        /** Contiguous: runs of equal kind join; merged-with-previous: a match joins what precedes it. */
        private void fold(boolean withPrevious) {
            int out = 0;
            boolean previousMatch = false;
            for (int k = 0; k < size; k++) {
                boolean isMatch = match[k];
                boolean join = withPrevious ? isMatch && !previousMatch : isMatch == previousMatch;
                if (join && out > 0) {
                    end[out - 1] = end[k];
                } else {
                    start[out] = start[k];
                    end[out] = end[k];
                    match[out] = false;
                    out++;
                }
                previousMatch = isMatch;
            }
            size = out;
        }

        private void mergeWithNext() {
            int out = size;
            boolean previousMatch = false;
            int[] s2 = new int[size];
            int[] e2 = new int[size];
            for (int k = size - 1; k >= 0; k--) {
                boolean isMatch = match[k];
                if (isMatch && !previousMatch && out < size) {
                    s2[out] = start[k];
                } else {
                    out--;
                    s2[out] = start[k];
                    e2[out] = end[k];
                }
                previousMatch = isMatch;
            }
            int n = size - out;
            System.arraycopy(s2, out, start, 0, n);
            System.arraycopy(e2, out, end, 0, n);
            Arrays.fill(match, 0, n, false);
            size = n;
        }
    }
}
