package dev.kiln.tokenizer.model;

import dev.kiln.text.IntList;
import dev.kiln.tokenizer.text.Json;

/** BERT's greedy longest-match-first subwords; a word with any unmatched rest is one unk. */
final class WordPiece extends VocabModel {
    private final String prefix;
    private final int maxChars;
    private final String unk;

    WordPiece(Json json, Vocab vocab) {
        super(vocab);
        prefix = json.string("continuing_subword_prefix", "##");
        maxChars = json.integer("max_input_chars_per_word", 100);
        unk = json.string("unk_token", "[UNK]");
    }

    @Override
    public void encode(String text, int start, int end, IntList out) {
        String word = text.substring(start, end);
        if (word.codePointCount(0, word.length()) > maxChars) {
            out.add(unkId());
            return;
        }
        int mark = out.size();
        IntList found = new IntList();
        int from = 0;
        while (from < word.length()) {
            int to = word.length();
            int id = -1;
            while (from < to) {
                String sub = from > 0 ? prefix + word.substring(from, to) : word.substring(from, to);
                id = vocab.id(sub);
                if (id >= 0) {
                    break;
                }
                to -= Character.charCount(word.codePointBefore(to));
            }
            if (id < 0) {
                out.add(unkId());
                return;
            }
            found.add(id);
            from = to;
        }
        assert out.size() == mark;
        for (int i = 0; i < found.size(); i++) {
            out.add(found.get(i));
        }
    }

    private int unkId() {
        int id = vocab.id(unk);
        if (id < 0) {
            throw new IllegalStateException("WordPiece unk_token \"" + unk + "\" is not in the vocabulary");
        }
        return id;
    }
}
