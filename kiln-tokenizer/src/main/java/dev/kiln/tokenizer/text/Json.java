package dev.kiln.tokenizer.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.tokenizer.TokenizerException;

/** Reads one component's JSON object, with errors that name the component and the file. */
public final class Json {
    private final JsonNode node;
    private final String kind;
    private final String source;

    public Json(JsonNode node, String kind, String source) {
        this.node = node;
        this.kind = kind;
        this.source = source;
    }

    public JsonNode node() {
        return node;
    }

    public String source() {
        return source;
    }

    public Json child(JsonNode child, String childKind) {
        return new Json(child, childKind, source);
    }

    public String type() {
        JsonNode t = node.get("type");
        if (t == null || !t.isTextual()) {
            throw error("has no \"type\"");
        }
        return t.asText();
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public JsonNode get(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error("lacks required field \"" + field + "\"");
        }
        return v;
    }

    public String string(String field) {
        JsonNode v = get(field);
        if (!v.isTextual()) {
            throw error("field \"" + field + "\" is not a string");
        }
        return v.asText();
    }

    public String string(String field, String dflt) {
        return has(field) ? string(field) : dflt;
    }

    public boolean bool(String field, boolean dflt) {
        return has(field) ? get(field).asBoolean() : dflt;
    }

    public int integer(String field, int dflt) {
        return has(field) ? get(field).asInt() : dflt;
    }

    /** A Rust char field: exactly one code point. */
    public int codePoint(String field) {
        String s = string(field);
        if (s.codePointCount(0, s.length()) != 1) {
            throw error("field \"" + field + "\" must be one character, got \"" + s + "\"");
        }
        return s.codePointAt(0);
    }

    public TokenizerException error(String what) {
        return new TokenizerException(kind + " " + what + " in " + source);
    }

    public TokenizerException unsupported(String type) {
        return new TokenizerException("unsupported " + kind + " type \"" + type + "\" in " + source);
    }
}
