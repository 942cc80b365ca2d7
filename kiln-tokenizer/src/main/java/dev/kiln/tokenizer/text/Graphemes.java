package dev.kiln.tokenizer.text;

/**
 * Extended grapheme cluster boundaries (Unicode UAX #29, rules GB3-GB13), as the Rust
 * {@code unicode-segmentation} crate finds them for Hugging Face's Precompiled normalizer. Java 17
 * has no Grapheme_Cluster_Break property and its BreakIterator predates the extended rules, so the
 * property is derived here from the general category plus the standard's short exception lists.
 * The Indic conjunct rule (GB9c) is left out: it only joins clusters of 6 UTF-8 bytes or more,
 * which the Precompiled normalizer treats one character at a time anyway.
 */
public final class Graphemes {
    private static final int OTHER = 0, CR = 1, LF = 2, CONTROL = 3, EXTEND = 4, ZWJ = 5, REGIONAL = 6,
            PREPEND = 7, SPACING_MARK = 8, L = 9, V = 10, T = 11, LV = 12, LVT = 13, PICTOGRAPHIC = 14;

    /** Other_Grapheme_Extend (plus ZWNJ and the emoji modifiers): Extend though not Mn/Me. */
    private static final int[] EXTEND_EXTRA = {
        0x09BE, 0x09BE, 0x09D7, 0x09D7, 0x0B3E, 0x0B3E, 0x0B57, 0x0B57, 0x0BBE, 0x0BBE, 0x0BD7, 0x0BD7,
        0x0CC2, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D3E, 0x0D57, 0x0D57, 0x0DCF, 0x0DCF, 0x0DDF, 0x0DDF,
        0x1B35, 0x1B35, 0x200C, 0x200C, 0x302E, 0x302F, 0xFF9E, 0xFF9F, 0x1133E, 0x1133E, 0x11357, 0x11357,
        0x114B0, 0x114B0, 0x114BD, 0x114BD, 0x115AF, 0x115AF, 0x11930, 0x11930, 0x1D165, 0x1D165,
        0x1D16E, 0x1D172, 0x1F3FB, 0x1F3FF, 0xE0020, 0xE007F,
    };
    /** Spacing combining marks (Mc) that are not SpacingMark. */
    private static final int[] NOT_SPACING_MARK = {
        0x102B, 0x102C, 0x1038, 0x1038, 0x1062, 0x1064, 0x1067, 0x106D, 0x1083, 0x1083, 0x1087, 0x108C,
        0x108F, 0x108F, 0x109A, 0x109C, 0x1A61, 0x1A61, 0x1A63, 0x1A64, 0xAA7B, 0xAA7B, 0xAA7D, 0xAA7D,
        0x11720, 0x11721,
    };
    private static final int[] PREPEND_RANGES = {
        0x0600, 0x0605, 0x06DD, 0x06DD, 0x070F, 0x070F, 0x0890, 0x0891, 0x08E2, 0x08E2, 0x0D4E, 0x0D4E,
        0x110BD, 0x110BD, 0x110CD, 0x110CD, 0x111C2, 0x111C3, 0x1193F, 0x1193F, 0x11941, 0x11941,
        0x11A3A, 0x11A3A, 0x11A84, 0x11A89, 0x11D46, 0x11D46, 0x11F02, 0x11F02,
    };
    /** Extended_Pictographic (emoji-data), for the emoji ZWJ rule GB11. */
    private static final int[] PICTOGRAPHIC_RANGES = {
        0x00A9, 0x00A9, 0x00AE, 0x00AE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139,
        0x2194, 0x2199, 0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x2388, 0x2388, 0x23CF, 0x23CF,
        0x23E9, 0x23F3, 0x23F8, 0x23FA, 0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0,
        0x25FB, 0x25FE, 0x2600, 0x2605, 0x2607, 0x2612, 0x2614, 0x2685, 0x2690, 0x2705, 0x2708, 0x2712,
        0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721, 0x2728, 0x2728, 0x2733, 0x2734,
        0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757,
        0x2763, 0x2767, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
        0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D,
        0x3297, 0x3297, 0x3299, 0x3299, 0x1F000, 0x1F0FF, 0x1F10D, 0x1F10F, 0x1F12F, 0x1F12F,
        0x1F16C, 0x1F171, 0x1F17E, 0x1F17F, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AD, 0x1F1E5,
        0x1F201, 0x1F20F, 0x1F21A, 0x1F21A, 0x1F22F, 0x1F22F, 0x1F232, 0x1F23A, 0x1F23C, 0x1F23F,
        0x1F249, 0x1F3FA, 0x1F400, 0x1F53D, 0x1F546, 0x1F64F, 0x1F680, 0x1F6FF, 0x1F774, 0x1F77F,
        0x1F7D5, 0x1F7FF, 0x1F80C, 0x1F80F, 0x1F848, 0x1F84F, 0x1F85A, 0x1F85F, 0x1F888, 0x1F88F,
        0x1F8AE, 0x1F8FF, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1FAFF, 0x1FC00, 0x1FFFD,
    };

    private Graphemes() {}

    /** The end (exclusive char index) of the grapheme cluster of s that starts at start. */
    public static int clusterEnd(CharSequence s, int start) {
        int len = s.length();
        char first = s.charAt(start);
        // below U+0300 only CR LF stays together: the common case skips the property lookups
        if (start + 1 < len && first < 0x300 && s.charAt(start + 1) < 0x300) {
            return first == '\r' && s.charAt(start + 1) == '\n' ? start + 2 : start + 1;
        }
        int cp = Character.codePointAt(s, start);
        int prev = property(cp);
        boolean pictographicRun = prev == PICTOGRAPHIC; // ExtPict Extend*, for GB11
        boolean zwjAfterPictographic = false;
        int regionalCount = prev == REGIONAL ? 1 : 0;
        int i = start + Character.charCount(cp);
        while (i < len) {
            cp = Character.codePointAt(s, i);
            int next = property(cp);
            if (isBreak(prev, next, zwjAfterPictographic, regionalCount)) {
                return i;
            }
            zwjAfterPictographic = next == ZWJ && pictographicRun;
            pictographicRun = next == PICTOGRAPHIC || (pictographicRun && next == EXTEND);
            regionalCount = next == REGIONAL ? regionalCount + 1 : 0;
            prev = next;
            i += Character.charCount(cp);
        }
        return len;
    }

    private static boolean isBreak(int prev, int next, boolean zwjAfterPictographic, int regionalCount) {
        if (prev == CR && next == LF) {
            return false;                                                        // GB3
        }
        if (prev == CR || prev == LF || prev == CONTROL || next == CR || next == LF || next == CONTROL) {
            return true;                                                         // GB4, GB5
        }
        if (prev == L && (next == L || next == V || next == LV || next == LVT)) {
            return false;                                                        // GB6
        }
        if ((prev == LV || prev == V) && (next == V || next == T)) {
            return false;                                                        // GB7
        }
        if ((prev == LVT || prev == T) && next == T) {
            return false;                                                        // GB8
        }
        if (next == EXTEND || next == ZWJ || next == SPACING_MARK || prev == PREPEND) {
            return false;                                                        // GB9, GB9a, GB9b
        }
        if (prev == ZWJ && next == PICTOGRAPHIC && zwjAfterPictographic) {
            return false;                                                        // GB11
        }
        if (prev == REGIONAL && next == REGIONAL) {
            return regionalCount % 2 == 0;                                       // GB12, GB13
        }
        return true;                                                             // GB999
    }

    private static int property(int cp) {
        if (cp == '\r') {
            return CR;
        }
        if (cp == '\n') {
            return LF;
        }
        if (cp == 0x200D) {
            return ZWJ;
        }
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            return REGIONAL;
        }
        if (cp >= 0xAC00 && cp <= 0xD7A3) {
            return (cp - 0xAC00) % 28 == 0 ? LV : LVT;
        }
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C)) {
            return L;
        }
        if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6)) {
            return V;
        }
        if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB)) {
            return T;
        }
        if (in(cp, PREPEND_RANGES)) {
            return PREPEND;
        }
        if (in(cp, EXTEND_EXTRA)) {
            return EXTEND;
        }
        if (cp == 0x0E33 || cp == 0x0EB3) {
            return SPACING_MARK;
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK -> {
                return EXTEND;
            }
            case Character.COMBINING_SPACING_MARK -> {
                return in(cp, NOT_SPACING_MARK) ? OTHER : SPACING_MARK;
            }
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                return CONTROL;
            }
            case Character.UNASSIGNED -> {
                // unassigned default-ignorable code points are Control
                boolean ignorable = (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFFF0 && cp <= 0xFFF8)
                        || (cp >= 0xE0000 && cp <= 0xE0FFF);
                return ignorable ? CONTROL : in(cp, PICTOGRAPHIC_RANGES) ? PICTOGRAPHIC : OTHER;
            }
            default -> {
                return in(cp, PICTOGRAPHIC_RANGES) ? PICTOGRAPHIC : OTHER;
            }
        }
    }

    /** Whether cp falls in one of the inclusive [from, to] pairs of a sorted range list. */
    private static boolean in(int cp, int[] ranges) {
        if (cp < ranges[0] || cp > ranges[ranges.length - 1]) {
            return false;
        }
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
