package dev.kiln.tokenizer.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.text.StringIntMap;
import dev.kiln.tokenizer.TokenizerException;
import dev.kiln.tokenizer.text.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/** A token <-> id table read from a JSON object {"token": id, ...}. */
final class Vocab {
    final StringIntMap ids;
    final String[] tokens;

    private Vocab(StringIntMap ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /** Reads {"token": id, ...} from a parser positioned on its START_OBJECT, without building a tree. */
    static Vocab stream(JsonParser p, String source) throws IOException {
        StringIntMap ids = new StringIntMap(1 << 16);
        int max = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String token = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 0) {
                throw new TokenizerException("model vocab has a non-integer or negative id for token \"" + token + "\" in " + source);
            }
            int id = p.getIntValue();
            ids.put(token, id);
            max = Math.max(max, id);
        }
        return of(ids, max);
    }

    private static Vocab of(StringIntMap ids, int max) {
        String[] tokens = new String[max + 1];
        ids.forEach((t, id) -> tokens[id] = t);
        return new Vocab(ids, tokens);
    }

    static Vocab fromJson(Json json, String field) {
        JsonNode node = json.get(field);
        if (!node.isObject()) {
            throw json.error("field \"" + field + "\" is not an object of token -> id");
        }
        StringIntMap ids = new StringIntMap(node.size());
        int max = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0) {
                throw json.error("has a negative or non-integer id for token \"" + e.getKey() + "\"");
            }
            ids.put(e.getKey(), id);
            max = Math.max(max, id);
        }
        return of(ids, max);
    }

    int id(String token) {
        return ids.get(token);
    }

    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    int size() {
        return tokens.length;
    }
}
