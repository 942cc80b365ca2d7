package dev.kiln.tokenizer.normalizer;

import dev.kiln.tokenizer.text.Chars;

/** Removes Unicode whitespace from the left and/or right end. */
record Strip(boolean left, boolean right) implements Normalizer {
    @Override
    public String normalize(String text) {
        int start = 0;
        int end = text.length();
        if (left) {
            while (start < end && Chars.isWhitespace(text.codePointAt(start))) {
                start += Character.charCount(text.codePointAt(start));
            }
        }
        if (right) {
            while (end > start && Chars.isWhitespace(text.codePointBefore(end))) {
                end -= Character.charCount(text.codePointBefore(end));
            }
        }
        return text.substring(start, end);
    }
}
