package dev.kiln.tokenizer.normalizer;

import dev.kiln.text.Utf8;
import dev.kiln.tokenizer.text.Graphemes;
import dev.kiln.tokenizer.text.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * SentencePiece's compiled normalization rules ({@code precompiled_charsmap}, e.g. nmt_nfkc in
 * T5, ALBERT, XLM-R), applied the way Hugging Face does. The blob is a little-endian u32 trie size,
 * a darts-clone double-array trie over UTF-8 bytes whose leaves hold offsets, and a pool of
 * NUL-terminated replacement strings at those offsets.
 *
 * <p>Hugging Face's rule, kept as is because its ids depend on it: each grapheme cluster shorter
 * than 6 UTF-8 bytes is first looked up whole, and if some key is a prefix of it, the shortest
 * such key's replacement stands for the entire cluster (so "\r\n" becomes what "\r" maps to);
 * otherwise each character is looked up on its own and kept when it has no entry.
 */
final class Precompiled implements Normalizer {
    private static final int WHOLE_CLUSTER_MAX_BYTES = 5;

    private final int[] units;
    private final byte[] pool;

    private Precompiled(int[] units, byte[] pool) {
        this.units = units;
        this.pool = pool;
    }

    static Precompiled fromJson(Json json) {
        if (!json.has("precompiled_charsmap")) {
            throw json.error("has no precompiled_charsmap (Hugging Face cannot load it either)");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(json.string("precompiled_charsmap"));
        } catch (IllegalArgumentException e) {
            throw json.error("has a precompiled_charsmap that is not base64: " + e.getMessage());
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = blob.length < 4 ? -1 : Integer.toUnsignedLong(in.getInt());
        if (trieBytes < 4 || trieBytes > blob.length - 4) {
            throw json.error("has a precompiled_charsmap whose trie size (" + trieBytes
                    + ") does not fit its " + blob.length + " bytes");
        }
        int[] units = new int[(int) (trieBytes / 4)];
        for (int i = 0; i < units.length; i++) {
            units[i] = in.getInt();
        }
        byte[] pool = new byte[in.remaining()];
        in.get(pool);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(pool));
        } catch (CharacterCodingException e) {
            throw json.error("has a precompiled_charsmap whose replacement strings are not UTF-8");
        }
        return new Precompiled(units, pool);
    }

    @Override
    public String normalize(String text) {
        StringBuilder out = null; // allocated at the first replacement
        int len = text.length();
        for (int start = 0; start < len; ) {
            int end = Graphemes.clusterEnd(text, start);
            int replacement = -1;
            if (end - start > 1 && Utf8.length(text, start, end) <= WHOLE_CLUSTER_MAX_BYTES) {
                replacement = shortestMatch(text, start, end);
            }
            if (replacement >= 0) {
                out = appendReplacement(out, text, start, replacement);
            } else {
                for (int i = start; i < end; ) {
                    int next = i + Character.charCount(text.codePointAt(i));
                    int r = shortestMatch(text, i, next);
                    if (r >= 0) {
                        out = appendReplacement(out, text, i, r);
                    } else if (out != null) {
                        out.append(text, i, next);
                    }
                    i = next;
                }
            }
            start = end;
        }
        return out == null ? text : out.toString();
    }

    private StringBuilder appendReplacement(StringBuilder out, String text, int at, int offset) {
        if (out == null) {
            out = new StringBuilder(text.length() + 16).append(text, 0, at);
        }
        int end = offset;
        while (end < pool.length && pool[end] != 0) {
            end++;
        }
        return out.append(new String(pool, offset, end - offset, StandardCharsets.UTF_8));
    }

    /**
     * The pool offset of the shortest trie key that is a prefix of text[start, end) in UTF-8, or
     * -1. As in darts-clone, a NUL byte ends the key.
     */
    private int shortestMatch(String text, int start, int end) {
        int node = offset(units[0]);
        byte[] bytes = new byte[4];
        for (int i = start; i < end; ) {
            int next = i + Character.charCount(text.codePointAt(i));
            int n = Utf8.encode(text, i, next, bytes); // a lone surrogate becomes U+FFFD
            i = next;
            for (int k = 0; k < n; k++) {
                int b = bytes[k] & 0xFF;
                if (b == 0) {
                    return -1;
                }
                node ^= b;
                if (node >= units.length) {
                    return -1;
                }
                int unit = units[node];
                if ((unit & 0x800000FF) != b) {
                    return -1;
                }
                node ^= offset(unit);
                if (((unit >>> 8) & 1) == 1) {
                    int value = node < units.length ? units[node] & 0x7FFFFFFF : -1;
                    return value <= pool.length ? value : -1;
                }
            }
        }
        return -1;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & 0x200) >>> 6);
    }
}
