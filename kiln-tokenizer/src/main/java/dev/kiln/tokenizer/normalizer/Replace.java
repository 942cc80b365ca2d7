package dev.kiln.tokenizer.normalizer;

import dev.kiln.tokenizer.text.Json;
import dev.kiln.tokenizer.text.Regexes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces every match of a literal or regex pattern (used by both a normalizer and a decoder). */
public final class Replace implements Normalizer {
    private final String literal;   // non-null for a String pattern: the common case, no regex
    private final Pattern regex;
    private final String content;

    private Replace(String literal, Pattern regex, String content) {
        this.literal = literal;
        this.regex = regex;
        this.content = content;
    }

    public static Replace fromJson(Json json) {
        Json pattern = json.child(json.get("pattern"), "Replace pattern");
        String content = json.string("content");
        if (pattern.has("String")) {
            return new Replace(pattern.string("String"), null, content);
        }
        if (pattern.has("Regex")) {
            return new Replace(null, Regexes.compile(pattern.string("Regex")), content);
        }
        throw json.error("pattern is neither String nor Regex");
    }

    @Override
    public String normalize(String text) {
        if (literal != null) {
            return literal.isEmpty() ? text : text.replace(literal, content);
        }
        Matcher m = regex.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, last, m.start()).append(content);
            last = m.end();
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }
}
