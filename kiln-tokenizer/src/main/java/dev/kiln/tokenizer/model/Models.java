package dev.kiln.tokenizer.model;

import dev.kiln.tokenizer.text.Json;

/** Builds models from tokenizer.json, keyed by "type" (inferred from the fields in old files). */
public final class Models {
    private Models() {}

    /** byteLevel: the pre-tokenizer has a ByteLevel step, so pieces stand for their UTF-8 bytes. */
    public static Model fromJson(ModelJson modelJson, boolean byteLevel) {
        Json json = modelJson.fields;
        String type = json.has("type") ? json.type() : inferType(modelJson);
        Model model = switch (type) {
            case "BPE" -> Bpe.fromJson(modelJson, byteLevel);
            case "WordPiece" -> new WordPiece(json, modelJson.vocab());
            case "WordLevel" -> new WordLevel(json, modelJson.vocab());
            case "Unigram" -> new Unigram(json);
            default -> throw json.unsupported(type);
        };
        return byteLevel && !(model instanceof Bpe) && !(model instanceof ByteLevelAdapter)
                ? new ByteLevelAdapter(model) : model;
    }

    private static String inferType(ModelJson modelJson) {
        Json json = modelJson.fields;
        if (modelJson.merges != null) {
            return "BPE";
        }
        if (json.has("vocab") && json.get("vocab").isArray()) {
            return "Unigram";
        }
        if (json.has("max_input_chars_per_word")) {
            return "WordPiece";
        }
        return "WordLevel";
    }
}
