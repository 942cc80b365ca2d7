package dev.kiln.tokenizer.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.tokenizer.TokenizerException;
import dev.kiln.tokenizer.text.Json;
import java.io.IOException;

/**
 * A tokenizer.json "model" section read from a streaming parser: the vocabulary object and the
 * merges go straight into compact tables, the rest into a small tree. A tree of Llama-3's 128k
 * tokens and 280k merges alone would take longer than the whole load is allowed to.
 */
public final class ModelJson {
    final Json fields;
    final Vocab vocab;    // null when "vocab" is absent or not an object (Unigram's is a list)
    final Merges merges;  // null when absent

    private ModelJson(Json fields, Vocab vocab, Merges merges) {
        this.fields = fields;
        this.vocab = vocab;
        this.merges = merges;
    }

    /** Reads the model object the parser is positioned on (its START_OBJECT). */
    public static ModelJson read(JsonParser p, ObjectMapper mapper, String source) throws IOException {
        ObjectNode small = mapper.createObjectNode();
        Vocab vocab = null;
        Merges merges = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("vocab") && value == JsonToken.START_OBJECT) {
                vocab = Vocab.stream(p, source);
            } else if (name.equals("merges") && value == JsonToken.START_ARRAY) {
                merges = Merges.stream(p, source);
            } else {
                small.set(name, p.readValueAsTree());
            }
        }
        return new ModelJson(new Json(small, "model", source), vocab, merges);
    }

    Vocab vocab() {
        if (vocab != null) {
            return vocab;
        }
        return Vocab.fromJson(fields, "vocab");
    }

    Merges merges() {
        if (merges == null) {
            throw fields.error("lacks required field \"merges\"");
        }
        return merges;
    }

    /** Merges "a b" (or ["a", "b"]) kept as one string each, with the split position. */
    static final class Merges {
        final String[] joined;
        final int[] split;
        final int size;

        private Merges(String[] joined, int[] split, int size) {
            this.joined = joined;
            this.split = split;
            this.size = size;
        }

        static Merges stream(JsonParser p, String source) throws IOException {
            String[] joined = new String[1 << 16];
            int[] split = new int[1 << 16];
            int n = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String line;
                int at;
                if (t == JsonToken.VALUE_STRING) {
                    line = p.getText();
                    at = line.indexOf(' ');
                    if (at < 0 || line.indexOf(' ', at + 1) >= 0) {
                        throw new TokenizerException("model has merge \"" + line
                                + "\" that is not two tokens separated by a space in " + source);
                    }
                } else if (t == JsonToken.START_ARRAY && p.nextToken() == JsonToken.VALUE_STRING) {
                    String a = p.getText();
                    String b = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (b == null || p.nextToken() != JsonToken.END_ARRAY) {
                        throw new TokenizerException("model has a merge that is not a pair of strings in " + source);
                    }
                    line = a + " " + b;
                    at = a.length();
                } else {
                    throw new TokenizerException("model has a malformed merge (" + t + ") in " + source);
                }
                if (n == joined.length) {
                    joined = java.util.Arrays.copyOf(joined, n * 2);
                    split = java.util.Arrays.copyOf(split, n * 2);
                }
                joined[n] = line;
                split[n++] = at;
            }
            return new Merges(joined, split, n);
        }
    }
}
