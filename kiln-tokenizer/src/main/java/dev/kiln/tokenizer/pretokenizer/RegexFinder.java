package dev.kiln.tokenizer.pretokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The general path: any pattern, through java.util.regex. */
record RegexFinder(Pattern pattern) implements MatchFinder {
    @Override
    public void find(String text, MatchSink sink) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            sink.match(m.start(), m.end());
        }
    }
}
