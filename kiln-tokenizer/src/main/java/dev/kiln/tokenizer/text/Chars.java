package dev.kiln.tokenizer.text;

/**
 * Unicode character predicates with the semantics Hugging Face's Rust code and its Oniguruma
 * regexes use, which differ from {@link Character}'s (e.g. {@code isWhitespace} there excludes
 * U+00A0 and includes U+001C..U+001F). BMP answers come from one precomputed table.
 */
public final class Chars {
    private static final int LETTER = 1, NUMBER = 2, WHITESPACE = 4, PUNCTUATION = 8, OTHER = 16,
            MARK_NONSPACING = 32, DECIMAL = 64;
    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int c = 0; c < BMP.length; c++) {
            BMP[c] = (byte) classify(c);
        }
    }

    private Chars() {}

    private static int classify(int c) {
        int bits = 0;
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER -> bits |= LETTER;
            case Character.DECIMAL_DIGIT_NUMBER -> bits |= NUMBER | DECIMAL;
            case Character.LETTER_NUMBER, Character.OTHER_NUMBER -> bits |= NUMBER;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> bits |= PUNCTUATION;
            // not UNASSIGNED: the unicode_categories crate HF uses has no Cn table
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> bits |= OTHER;
            case Character.NON_SPACING_MARK -> bits |= MARK_NONSPACING;
            default -> { }
        }
        if (isWhiteSpaceProperty(c)) {
            bits |= WHITESPACE;
        }
        if (c < 0x80 && isAsciiPunctuation(c)) {
            bits |= PUNCTUATION;
        }
        return bits;
    }

    private static boolean isWhiteSpaceProperty(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    private static boolean isAsciiPunctuation(int c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }

    private static int bits(int cp) {
        return cp < 0x10000 ? BMP[cp] : classify(cp);
    }

    /** \p{L}. */
    public static boolean isLetter(int cp) {
        return (bits(cp) & LETTER) != 0;
    }

    /** \p{N}; also Rust's {@code char::is_numeric}. */
    public static boolean isNumber(int cp) {
        return (bits(cp) & NUMBER) != 0;
    }

    /** The Unicode White_Space property: Rust's {@code char::is_whitespace}, and \s of the regex engines. */
    public static boolean isWhitespace(int cp) {
        return (bits(cp) & WHITESPACE) != 0;
    }

    /** ASCII punctuation or a Unicode P* category, as HF's Bert and Punctuation pre-tokenizers test. */
    public static boolean isPunctuation(int cp) {
        return (bits(cp) & PUNCTUATION) != 0;
    }

    /** Categories Cc, Cf, Co, Cs: {@code is_other} of the unicode_categories crate, which never reports Cn. */
    public static boolean isOther(int cp) {
        return (bits(cp) & OTHER) != 0;
    }

    public static boolean isMarkNonspacing(int cp) {
        return (bits(cp) & MARK_NONSPACING) != 0;
    }

    /** Whether a BMP char is a letter, digit-class or whitespace (used to fast-path ASCII). */
    public static boolean isLetterOrNumber(int cp) {
        return (bits(cp) & (LETTER | NUMBER)) != 0;
    }

    /** \w of Rust's regex crate: Alphabetic, marks, decimal digits, connector punctuation, joiners. */
    public static boolean isWordChar(int cp) {
        if (Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.CONNECTOR_PUNCTUATION;
    }
}
