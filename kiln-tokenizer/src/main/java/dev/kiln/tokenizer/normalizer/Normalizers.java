package dev.kiln.tokenizer.normalizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.tokenizer.text.Json;
import java.util.ArrayList;
import java.util.List;

/** Builds normalizers from tokenizer.json, keyed by "type". */
public final class Normalizers {
    private Normalizers() {}

    public static Normalizer fromJson(Json json) {
        String type = json.type();
        return switch (type) {
            case "NFC" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFC);
            case "NFD" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> Lowercase::apply;
            case "Strip" -> new Strip(json.bool("strip_left", false), json.bool("strip_right", false));
            case "StripAccents" -> StripAccents::apply;
            case "Replace" -> Replace.fromJson(json);
            case "Prepend" -> new Prepend(json.string("prepend"));
            case "Precompiled" -> Precompiled.fromJson(json);
            case "BertNormalizer" -> new BertNormalizer(json.bool("clean_text", true),
                    json.bool("handle_chinese_chars", true),
                    json.has("strip_accents") ? json.get("strip_accents").asBoolean() : null,
                    json.bool("lowercase", true));
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (JsonNode child : json.get("normalizers")) {
                    steps.add(fromJson(json.child(child, "normalizer")));
                }
                yield new Sequence(steps);
            }
            default -> throw json.unsupported(type);
        };
    }

    record Sequence(List<Normalizer> steps) implements Normalizer {
        Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public String normalize(String text) {
            for (Normalizer step : steps) {
                text = step.normalize(text);
            }
            return text;
        }
    }

    record Prepend(String prefix) implements Normalizer {
        @Override
        public String normalize(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }
}
