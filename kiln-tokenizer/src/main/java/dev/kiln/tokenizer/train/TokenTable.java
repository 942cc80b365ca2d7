package dev.kiln.tokenizer.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token strings by id as a trainer grows them; ids may have gaps (ids a base file gives its added tokens). */
final class TokenTable {
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    /** Appends token with the next id; it must be new. */
    int add(String token) {
        put(tokens.size(), token);
        return tokens.size() - 1;
    }

    void put(int id, String token) {
        if (ids.putIfAbsent(token, id) != null) {
            throw new IllegalArgumentException("token \"" + token + "\" is already in the vocabulary");
        }
        while (tokens.size() <= id) {
            tokens.add(null);
        }
        if (tokens.get(id) != null) {
            throw new IllegalArgumentException("id " + id + " is already taken by \"" + tokens.get(id) + "\"");
        }
        tokens.set(id, token);
    }

    /** Keeps ids below size from being given out by {@link #add}. */
    void reserve(int size) {
        while (tokens.size() < size) {
            tokens.add(null);
        }
    }

    /** The id of token, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    String token(int id) {
        return tokens.get(id);
    }

    /** One more than the largest id. */
    int size() {
        return tokens.size();
    }
}
