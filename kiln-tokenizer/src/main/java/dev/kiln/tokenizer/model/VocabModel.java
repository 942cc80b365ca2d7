package dev.kiln.tokenizer.model;

/** A model whose tokens are those of a {@link Vocab} (BPE, WordPiece, WordLevel): the lookups are the vocabulary's. */
abstract class VocabModel implements Model {
    final Vocab vocab;

    VocabModel(Vocab vocab) {
        this.vocab = vocab;
    }

    @Override
    public int tokenToId(String token) {
        return vocab.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }
}
