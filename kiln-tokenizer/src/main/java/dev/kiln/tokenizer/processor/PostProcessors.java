package dev.kiln.tokenizer.processor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.text.IntList;
import dev.kiln.tokenizer.text.Json;
import java.util.ArrayList;
import java.util.List;

/** Builds post-processors from tokenizer.json, keyed by "type". Only single sequences are encoded. */
public final class PostProcessors {
    private PostProcessors() {}

    public static PostProcessor fromJson(Json json) {
        String type = json.type();
        return switch (type) {
            case "TemplateProcessing" -> template(json);
            case "BertProcessing", "RobertaProcessing" -> {
                int cls = json.get("cls").get(1).asInt();
                int sep = json.get("sep").get(1).asInt();
                yield new Template(new int[] {cls}, new int[] {sep});
            }
            case "ByteLevel" -> ids -> ids; // only adjusts offsets
            case "Sequence" -> {
                List<PostProcessor> steps = new ArrayList<>();
                for (JsonNode child : json.get("processors")) {
                    steps.add(fromJson(json.child(child, "post-processor")));
                }
                yield ids -> {
                    for (PostProcessor step : steps) {
                        ids = step.addSpecialTokens(ids);
                    }
                    return ids;
                };
            }
            default -> throw json.unsupported(type);
        };
    }

    private static PostProcessor template(Json json) {
        JsonNode specials = json.get("special_tokens");
        IntList before = new IntList();
        IntList after = new IntList();
        boolean seenSequence = false;
        for (JsonNode item : json.get("single")) {
            if (item.has("Sequence")) {
                if (seenSequence) {
                    throw json.error("single template has two sequences");
                }
                seenSequence = true;
            } else if (item.has("SpecialToken")) {
                String name = item.get("SpecialToken").get("id").asText();
                JsonNode special = specials.get(name);
                if (special == null) {
                    throw json.error("template names special token \"" + name + "\" missing from special_tokens");
                }
                for (JsonNode id : special.get("ids")) {
                    (seenSequence ? after : before).add(id.asInt());
                }
            } else {
                throw json.error("has an unknown template piece " + item);
            }
        }
        if (!seenSequence) {
            throw json.error("single template has no sequence");
        }
        return new Template(before.toArray(), after.toArray());
    }

    /** Fixed ids before and after the sequence. */
    record Template(int[] before, int[] after) implements PostProcessor {
        @Override
        public int[] addSpecialTokens(int[] ids) {
            int[] out = new int[before.length + ids.length + after.length];
            System.arraycopy(before, 0, out, 0, before.length);
            System.arraycopy(ids, 0, out, before.length, ids.length);
            System.arraycopy(after, 0, out, before.length + ids.length, after.length);
            return out;
        }
    }
}
