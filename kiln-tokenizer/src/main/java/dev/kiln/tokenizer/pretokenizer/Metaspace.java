package dev.kiln.tokenizer.pretokenizer;

/** SentencePiece-style: spaces become the replacement character, which may also start each piece. */
final class Metaspace implements PreTokenizer {
    enum Prepend { ALWAYS, FIRST, NEVER }

    private final int replacement;
    private final String replacementString;
    private final Prepend prepend;
    private final Split split;

    Metaspace(int replacement, Prepend prepend, boolean split) {
        this.replacement = replacement;
        this.replacementString = new String(Character.toChars(replacement));
        this.prepend = prepend;
        this.split = split ? new Split(new CharFinder(c -> c == replacement), SplitBehavior.MERGED_WITH_NEXT, false) : null;
    }

    @Override
    public void preTokenize(String text, int startSpan, PieceSink sink) {
        String t = text.replace(" ", replacementString);
        boolean startsWithReplacement = !t.isEmpty() && t.codePointAt(0) == replacement;
        int span = startSpan;
        if (!startsWithReplacement && (prepend == Prepend.ALWAYS || (prepend == Prepend.FIRST && startSpan > 0))) {
            t = replacementString + t;
            span = startSpan > 0 ? startSpan + replacementString.length() : 0;
        }
        if (split != null) {
            split.preTokenize(t, span, sink);
        } else if (!t.isEmpty()) {
            sink.piece(t, 0, t.length(), span);
        }
    }
}
