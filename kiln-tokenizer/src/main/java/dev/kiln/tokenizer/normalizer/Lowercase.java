package dev.kiln.tokenizer.normalizer;

/**
 * Per-character lowercasing like Rust's {@code char::to_lowercase}: no context rules (a final Σ
 * stays σ, unlike {@link String#toLowerCase}), and İ becomes "i̇" as in Unicode's full mapping.
 */
final class Lowercase {
    private Lowercase() {}

    static String apply(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            int lower = Character.toLowerCase(cp);
            if (lower != cp || cp == 0x130) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                if (cp == 0x130) {
                    out.append("i\u0307");
                } else {
                    out.appendCodePoint(lower);
                }
            } else if (out != null) {
                out.append(text, i, i + n);
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }
}
