package dev.kiln.tokenizer.model;

import dev.kiln.text.IntList;
import dev.kiln.tokenizer.text.ByteLevelAlphabet;

/** Remaps each piece to the byte-level alphabet, for models that can't look up bytes directly. */
record ByteLevelAdapter(Model inner) implements Model {
    @Override
    public void encode(String text, int start, int end, IntList out) {
        encoderForThread().encode(text, start, end, out);
    }

    @Override
    public PieceEncoder encoderForThread() {
        PieceEncoder encoder = inner.encoderForThread();
        return (text, start, end, out) -> {
            String mapped = ByteLevelAlphabet.encode(text.substring(start, end));
            encoder.encode(mapped, 0, mapped.length(), out);
        };
    }

    @Override
    public int tokenToId(String token) {
        return inner.tokenToId(token);
    }

    @Override
    public String idToToken(int id) {
        return inner.idToToken(id);
    }

    @Override
    public int vocabSize() {
        return inner.vocabSize();
    }
}
