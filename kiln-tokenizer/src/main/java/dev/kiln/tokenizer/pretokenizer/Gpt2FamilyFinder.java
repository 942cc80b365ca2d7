package dev.kiln.tokenizer.pretokenizer;

import dev.kiln.tokenizer.text.Chars;
import java.util.Optional;

/**
 * Hand-written matchers equal to the split regexes of GPT-2, Llama-3 / cl100k and Qwen2/3, which
 * java.util.regex would run several times slower. Each alternative of the regex is tried in order
 * at each position, with the same greedy and backtracking outcome; tests hold them equal to the
 * regex on real corpora.
 */
final class Gpt2FamilyFinder implements MatchFinder {
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final boolean gpt2;
    private final int maxDigits;

    private Gpt2FamilyFinder(boolean gpt2, int maxDigits) {
        this.gpt2 = gpt2;
        this.maxDigits = maxDigits;
    }

    static final Gpt2FamilyFinder GPT2_FINDER = new Gpt2FamilyFinder(true, Integer.MAX_VALUE);

    /** The hand-written finder for a regex, if it is one of the known ones. */
    static Optional<MatchFinder> forPattern(String regex) {
        return switch (regex) {
            case GPT2 -> Optional.of(GPT2_FINDER);
            case LLAMA3 -> Optional.of(new Gpt2FamilyFinder(false, 3));
            case QWEN2 -> Optional.of(new Gpt2FamilyFinder(false, 1));
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
            int end = gpt2 ? matchGpt2(s, i, n) : matchLlama3(s, i, n);
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
