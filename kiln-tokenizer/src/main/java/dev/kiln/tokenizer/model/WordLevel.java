package dev.kiln.tokenizer.model;

import dev.kiln.text.IntList;
import dev.kiln.tokenizer.text.Json;

/** One token per piece: its id, or unk's. */
final class WordLevel extends VocabModel {
    private final String unk;

    WordLevel(Json json, Vocab vocab) {
        super(vocab);
        unk = json.string("unk_token", "<unk>");
    }

    @Override
    public void encode(String text, int start, int end, IntList out) {
        int id = vocab.id(text.substring(start, end));
        if (id < 0) {
            id = vocab.id(unk);
            if (id < 0) {
                throw new IllegalStateException("WordLevel unk_token \"" + unk + "\" is not in the vocabulary");
            }
        }
        out.add(id);
    }
}
