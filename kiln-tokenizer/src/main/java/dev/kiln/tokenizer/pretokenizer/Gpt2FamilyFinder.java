package dev.kiln.tokenizer.pretokenizer;

import dev.kiln.tokenizer.text.Chars;
import java.util.Optional;

/**
 * Hand-written matchers equal to the split regexes of GPT-2, Llama-3 / cl100k, Qwen2/3 and o200k,
 * which java.util.regex would run several times slower. Each alternative of the regex is tried in
 * order at each position, with the same greedy and backtracking outcome; tests hold them equal to
 * the regex on real corpora and random strings.
 */
final class Gpt2FamilyFinder implements MatchFinder {
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** GPT-4o: words split at case changes, contractions kept on their word, '/' after punctuation. */
    static final String O200K = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+"
            + "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private enum Kind { GPT2, LLAMA3, O200K }

    private final Kind kind;
    private final int maxDigits;

    private Gpt2FamilyFinder(Kind kind, int maxDigits) {
        this.kind = kind;
        this.maxDigits = maxDigits;
    }

    static final Gpt2FamilyFinder GPT2_FINDER = new Gpt2FamilyFinder(Kind.GPT2, Integer.MAX_VALUE);

    /** The hand-written finder for a regex, if it is one of the known ones. */
    static Optional<MatchFinder> forPattern(String regex) {
        return switch (regex) {
            case GPT2 -> Optional.of(GPT2_FINDER);
            case LLAMA3 -> Optional.of(new Gpt2FamilyFinder(Kind.LLAMA3, 3));
            case QWEN2 -> Optional.of(new Gpt2FamilyFinder(Kind.LLAMA3, 1));
            case O200K -> Optional.of(new Gpt2FamilyFinder(Kind.O200K, 3));
            default -> Optional.empty();
        };
    }

    @Override
    public boolean coversAll() {
        return true;
    }

    @Override
    public void find(String text, MatchSink sink) {
        char[] s = text.toCharArray(); // array reads beat String.charAt's checks in this loop
        int n = s.length;
        int i = 0;
        while (i < n) {
            int end = switch (kind) {
                case GPT2 -> matchGpt2(s, i, n);
                case LLAMA3 -> matchLlama3(s, i, n);
                case O200K -> matchO200k(s, i, n);
            };
            sink.match(i, end);
            i = end;
        }
    }

    private static int cp(char[] s, int i, int n) {
        char c = s[i];
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s[i + 1])) {
            return Character.toCodePoint(c, s[i + 1]);
        }
        return c;
    }

    private static boolean isOther(int c) {
        return !Chars.isLetterOrNumber(c) && !Chars.isWhitespace(c);
    }

    private static int lettersEnd(char[] s, int i, int n) {
        while (i < n) {
            int c = cp(s, i, n);
            if (!Chars.isLetter(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static int numbersEnd(char[] s, int i, int n, int max) {
        for (int count = 0; i < n && count < max; count++) {
            int c = cp(s, i, n);
            if (!Chars.isNumber(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static int othersEnd(char[] s, int i, int n) {
        while (i < n) {
            int c = cp(s, i, n);
            if (!isOther(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    /** The contraction at i ('s 't 're 've 'm 'll 'd), or -1. Case-insensitive in ASCII only. */
    private static int contraction(char[] s, int i, int n, boolean ignoreCase) {
        if (s[i] != '\'' || i + 1 >= n) {
            return -1;
        }
        char a = s[i + 1];
        if (ignoreCase && a >= 'A' && a <= 'Z') {
            a += 32;
        }
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return i + 2;
        }
        if (i + 2 >= n) {
            return -1;
        }
        char b = s[i + 2];
        if (ignoreCase && b >= 'A' && b <= 'Z') {
            b += 32;
        }
        return (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l') ? i + 3 : -1;
    }

    private int matchLlama3(char[] s, int i, int n) {
        int end = contraction(s, i, n, true);
        if (end >= 0) {
            return end;
        }
        int c = cp(s, i, n);
        int next = i + Character.charCount(c);
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (Chars.isLetter(c)) {
            return lettersEnd(s, next, n);
        }
        boolean number = Chars.isNumber(c);
        if (c != '\r' && c != '\n' && !number && next < n && Chars.isLetter(cp(s, next, n))) {
            return lettersEnd(s, next, n);
        }
        // \p{N}{1,maxDigits}
        if (number) {
            return numbersEnd(s, i, n, maxDigits);
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        int j = c == ' ' ? next : i;
        if (j < n && isOther(cp(s, j, n))) {
            int k = othersEnd(s, j, n);
            while (k < n && (s[k] == '\r' || s[k] == '\n')) {
                k++;
            }
            return k;
        }
        return whitespace(s, i, n, true);
    }

    private int matchO200k(char[] s, int i, int n) {
        int c = cp(s, i, n);
        int next = i + Character.charCount(c);
        // [^\r\n\p{L}\p{N}]? before the cased word of either alternative: tried with it first
        boolean prefix = c != '\r' && c != '\n' && !Chars.isLetterOrNumber(c);
        int end;
        if (prefix && next < n && (end = casedWordEnd(s, next, n)) >= 0) {
            return contractionEnd(s, end, n);
        }
        if ((end = casedWordEnd(s, i, n)) >= 0) {
            return contractionEnd(s, end, n);
        }
        // [UPPER]+[LOWER]*: reached only when the upper run holds no LOWER char and none follows
        if (prefix && next < n && (caseOf(cp(s, next, n)) & UPPER) != 0) {
            return contractionEnd(s, caseRunEnd(s, next, n, UPPER), n);
        }
        if ((caseOf(c) & UPPER) != 0) {
            return contractionEnd(s, caseRunEnd(s, i, n, UPPER), n);
        }
        if (Chars.isNumber(c)) {
            return numbersEnd(s, i, n, maxDigits);
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        int j = c == ' ' ? next : i;
        if (j < n && isOther(cp(s, j, n))) {
            int k = othersEnd(s, j, n);
            while (k < n && (s[k] == '\r' || s[k] == '\n' || s[k] == '/')) {
                k++;
            }
            return k;
        }
        return whitespace(s, i, n, true);
    }

    /** o200k's classes: UPPER is [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], LOWER is [\p{Ll}\p{Lm}\p{Lo}\p{M}]. */
    private static final int UPPER = 1, LOWER = 2;
    private static final byte[] BMP_CASE = new byte[0x10000];

    static {
        for (int c = 0; c < BMP_CASE.length; c++) {
            BMP_CASE[c] = (byte) classifyCase(c);
        }
    }

    private static int classifyCase(int c) {
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.TITLECASE_LETTER -> UPPER;
            case Character.LOWERCASE_LETTER -> LOWER;
            case Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> UPPER | LOWER;
            default -> 0;
        };
    }

    private static int caseOf(int c) {
        return c < 0x10000 ? BMP_CASE[c] : classifyCase(c);
    }

    private static int caseRunEnd(char[] s, int i, int n, int kind) {
        while (i < n) {
            int c = cp(s, i, n);
            if ((caseOf(c) & kind) == 0) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    /**
     * Where [UPPER]*[LOWER]+ matching at i ends, or -1: the greedy upper run, then a lower run;
     * when no LOWER char follows the upper run, the regex backs off to its last char that is also
     * LOWER (a letter of category Lm/Lo or a mark), which then ends the match.
     */
    private static int casedWordEnd(char[] s, int i, int n) {
        int j = i;
        int lastLower = -1;
        while (j < n) {
            int c = cp(s, j, n);
            int k = caseOf(c);
            if ((k & UPPER) == 0) {
                break;
            }
            if ((k & LOWER) != 0) {
                lastLower = j;
            }
            j += Character.charCount(c);
        }
        if (j < n && (caseOf(cp(s, j, n)) & LOWER) != 0) {
            return caseRunEnd(s, j, n, LOWER);
        }
        return lastLower < 0 ? -1 : lastLower + Character.charCount(cp(s, lastLower, n));
    }

    /** end, or the end of the optional (?i:'s|'t|'re|'ve|'m|'ll|'d) there. */
    private static int contractionEnd(char[] s, int end, int n) {
        int c = end < n ? contraction(s, end, n, true) : -1;
        return c >= 0 ? c : end;
    }

    private int matchGpt2(char[] s, int i, int n) {
        int end = contraction(s, i, n, false);
        if (end >= 0) {
            return end;
        }
        int c = cp(s, i, n);
        int j = i;
        if (c == ' ' && i + 1 < n) {
            j = i + 1;
            c = cp(s, j, n);
        }
        if (Chars.isLetter(c)) {
            return lettersEnd(s, j, n);
        }
        if (Chars.isNumber(c)) {
            return numbersEnd(s, j, n, Integer.MAX_VALUE);
        }
        if (isOther(c)) {
            return othersEnd(s, j, n);
        }
        return whitespace(s, i, n, false);
    }

    /** The whitespace alternatives; s[i] is whitespace here. */
    private static int whitespace(char[] s, int i, int n, boolean newlineRun) {
        int j = i;
        int lastNewline = -1;
        while (j < n) {
            char c = s[j];
            if (!Chars.isWhitespace(c)) { // all whitespace is in the BMP
                break;
            }
            if (c == '\r' || c == '\n') {
                lastNewline = j;
            }
            j++;
        }
        // \s*[\r\n]+ : up to the last line break of the run
        if (newlineRun && lastNewline >= 0) {
            return lastNewline + 1;
        }
        // \s+(?!\S) : leave the last space to the word that follows
        if (j < n && j - i > 1) {
            return j - 1;
        }
        return j; // \s+
    }
}
