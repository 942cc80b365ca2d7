package dev.kiln.tokenizer;

import dev.kiln.tokenizer.text.Chars;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in text like HF's AddedVocabulary: leftmost-longest matches, then the
 * single_word, lstrip and rstrip rules, cutting the text into token and plain segments.
 */
final class AddedTokenMatcher {
    private final Node root = new Node();
    private final boolean[] firstChars = new boolean[0x10000];
    /** The first char every pattern starts with, or -1: then String.indexOf finds candidates fast. */
    private final int sharedFirstChar;
    private final boolean empty;

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>(4);
        AddedToken token;
    }

    /** Receives consecutive segments; token is null for plain text. */
    interface SegmentSink {
        void segment(int start, int end, AddedToken token);
    }

    /** patterns.get(i) is the text to find for tokens.get(i) (the normalized content, for normalized tokens). */
    AddedTokenMatcher(List<AddedToken> tokens, List<String> patterns) {
        for (int i = 0; i < tokens.size(); i++) {
            String p = patterns.get(i);
            if (p.isEmpty()) {
                continue;
            }
            Node node = root;
            for (int k = 0; k < p.length(); k++) {
                node = node.children.computeIfAbsent(p.charAt(k), c -> new Node());
            }
            if (node.token == null) {
                node.token = tokens.get(i);
            }
            firstChars[p.charAt(0)] = true;
        }
        empty = root.children.isEmpty();
        // most files' added tokens all start alike: '<' (<|endoftext|>, <s>) or '[' ([CLS])
        sharedFirstChar = root.children.size() == 1 ? root.children.keySet().iterator().next() : -1;
    }

    /** The first position at or after from where a pattern may start, or -1. */
    private int candidate(String text, int from) {
        if (sharedFirstChar >= 0) {
            return text.indexOf(sharedFirstChar, from);
        }
        for (int i = from; i < text.length(); i++) {
            if (firstChars[text.charAt(i)]) {
                return i;
            }
        }
        return -1;
    }

    boolean isEmpty() {
        return empty;
    }

    void split(String text, SegmentSink sink) {
        if (empty || text.isEmpty()) {
            if (!text.isEmpty()) {
                sink.segment(0, text.length(), null);
            }
            return;
        }
        int startOffset = 0;
        int from = 0;
        int n = text.length();
        while (from < n) {
            // leftmost position with a match, longest match there
            int start = -1;
            int stop = -1;
            AddedToken token = null;
            for (int i = candidate(text, from); i >= 0; i = candidate(text, i + 1)) {
                Node node = root;
                for (int k = i; k < n; k++) {
                    node = node.children.get(text.charAt(k));
                    if (node == null) {
                        break;
                    }
                    if (node.token != null) {
                        start = i;
                        stop = k + 1;
                        token = node.token;
                    }
                }
                if (start >= 0) {
                    break;
                }
            }
            if (start < 0) {
                break;
            }
            from = stop; // the search resumes after the match, whatever stripping does below
            if (token.singleWord()) {
                boolean startSpace = start == 0 || !Chars.isWordChar(text.codePointBefore(start));
                boolean stopSpace = stop == n || !Chars.isWordChar(text.codePointAt(stop));
                if (!startSpace || !stopSpace) {
                    continue;
                }
            }
            if (token.lstrip()) {
                int s = start;
                while (s > 0 && Chars.isWhitespace(text.codePointBefore(s))) {
                    s -= Character.charCount(text.codePointBefore(s));
                }
                start = Math.max(s, startOffset);
            }
            if (token.rstrip()) {
                while (stop < n && Chars.isWhitespace(text.codePointAt(stop))) {
                    stop += Character.charCount(text.codePointAt(stop));
                }
            }
            if (startOffset < start) {
                sink.segment(startOffset, start, null);
            }
            sink.segment(start, stop, token);
            startOffset = stop;
        }
        if (startOffset < n) {
            sink.segment(startOffset, n, null);
        }
    }
}
