package dev.kiln.tokenizer.normalizer;

import dev.kiln.tokenizer.text.Chars;

/** Drops nonspacing marks (HF's StripAccents and BertNormalizer's strip_accents after NFD). */
final class StripAccents {
    private StripAccents() {}

    static String apply(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!Chars.isMarkNonspacing(cp)) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
