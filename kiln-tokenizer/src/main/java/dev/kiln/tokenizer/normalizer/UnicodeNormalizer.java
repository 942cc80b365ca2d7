package dev.kiln.tokenizer.normalizer;

import java.text.Normalizer.Form;

/** NFC, NFD, NFKC or NFKD. The quick check first: most text is already normalized. */
record UnicodeNormalizer(Form form) implements Normalizer {
    @Override
    public String normalize(String text) {
        return java.text.Normalizer.isNormalized(text, form) ? text : java.text.Normalizer.normalize(text, form);
    }
}
