package dev.kiln.tokenizer;

/**
 * A token from tokenizer.json's "added_tokens": matched in the text before the model runs.
 *
 * @param special    skipped by {@code decode(ids, true)}
 * @param lstrip     also takes the whitespace before it
 * @param rstrip     also takes the whitespace after it
 * @param normalized matched in the normalized text rather than the raw text
 * @param singleWord only matched when not inside a word
 */
public record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip,
                         boolean normalized, boolean singleWord) {
    public AddedToken {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("added token " + id + " has empty content");
        }
    }
}
