package dev.kiln.tokenizer.pretokenizer;

/**
 * GPT-2's byte-level step: optionally a leading space and the GPT-2 split, then every piece is
 * read as its UTF-8 bytes. The byte mapping itself is left to the model, which looks bytes up
 * directly instead of building the remapped string.
 */
record ByteLevel(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
    @Override
    public void preTokenize(String text, int startSpan, PieceSink sink) {
        boolean prefix = addPrefixSpace && !text.startsWith(" ");
        String t = prefix ? " " + text : text;
        int span = prefix && startSpan > 0 ? startSpan + 1 : startSpan;
        if (useRegex) {
            Gpt2FamilyFinder.GPT2_FINDER.find(t, (s, e) -> sink.piece(t, s, e, PreTokenizer.spanAt(span, s)));
        } else if (!t.isEmpty()) {
            sink.piece(t, 0, t.length(), span);
        }
    }

    @Override
    public boolean byteLevel() {
        return true;
    }

    /** Whether this step only marks pieces as bytes and may be left out of a sequence. */
    boolean isIdentitySplit() {
        return !addPrefixSpace && !useRegex;
    }
}
