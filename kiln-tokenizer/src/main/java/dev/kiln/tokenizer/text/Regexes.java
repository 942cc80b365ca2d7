package dev.kiln.tokenizer.text;

import java.util.regex.Pattern;

/**
 * Compiles tokenizer.json regexes (written for Oniguruma) with java.util.regex. \s, \w and \d are
 * spelled out with Unicode sets, and case-insensitivity stays ASCII-only: Hugging Face's
 * (?i:'s) does not match "'ſ", which Java's Unicode case folding would.
 */
public final class Regexes {
    static final String WS = "\\t\\n\\x0B\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";
    static final String WORD = "\\p{IsAlphabetic}\\p{gc=Mn}\\p{gc=Me}\\p{gc=Mc}\\p{gc=Nd}\\p{gc=Pc}\\p{IsJoin_Control}";
    static final String DIGIT = "\\p{gc=Nd}";

    private Regexes() {}

    public static Pattern compile(String onigPattern) {
        return Pattern.compile(translate(onigPattern));
    }

    public static Pattern literal(String text) {
        return Pattern.compile(Pattern.quote(text));
    }

    static String translate(String p) {
        StringBuilder out = new StringBuilder(p.length() + 64);
        int depth = 0; // character class nesting
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(++i);
                String set = switch (n) {
                    case 's', 'S' -> WS;
                    case 'w', 'W' -> WORD;
                    case 'd', 'D' -> DIGIT;
                    default -> null;
                };
                if (set == null) {
                    out.append(c).append(n);
                } else if (Character.isUpperCase(n)) {
                    out.append("[^").append(set).append(']');
                } else if (depth > 0) {
                    out.append(set);
                } else {
                    out.append('[').append(set).append(']');
                }
                continue;
            }
            if (c == '[') {
                depth++;
                out.append(c);
                // a ']' right after '[' or '[^' is a literal
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == ']' && depth > 0) {
                depth--;
            }
            out.append(c);
        }
        return out.toString();
    }
}
