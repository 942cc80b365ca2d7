package dev.kiln.tokenizer.pretokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.tokenizer.text.Chars;
import dev.kiln.tokenizer.text.Json;
import dev.kiln.tokenizer.text.Regexes;
import java.util.ArrayList;
import java.util.List;

/** Builds pre-tokenizers from tokenizer.json, keyed by "type". */
public final class PreTokenizers {
    private static final MatchFinder WORDS = new RegexFinder(Regexes.compile("\\w+|[^\\w\\s]+"));

    private PreTokenizers() {}

    public static PreTokenizer fromJson(Json json) {
        String type = json.type();
        return switch (type) {
            case "ByteLevel" -> new ByteLevel(json.bool("add_prefix_space", true), json.bool("use_regex", true));
            case "Split" -> split(json);
            case "Metaspace" -> metaspace(json);
            case "Whitespace" -> new Split(WORDS, SplitBehavior.REMOVED, true);
            case "WhitespaceSplit" -> new Split(new CharFinder(Chars::isWhitespace), SplitBehavior.REMOVED, false);
            case "BertPreTokenizer" -> new Sequence(List.of(
                    new Split(new CharFinder(Chars::isWhitespace), SplitBehavior.REMOVED, false),
                    new Split(new CharFinder(Chars::isPunctuation), SplitBehavior.ISOLATED, false)));
            case "Digits" -> new Split(new CharFinder(Chars::isNumber),
                    json.bool("individual_digits", false) ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS, false);
            case "Punctuation" -> new Split(new CharFinder(Chars::isPunctuation),
                    behavior(json, json.string("behavior", "Isolated")), false);
            case "Sequence" -> sequence(json);
            default -> throw json.unsupported(type);
        };
    }

    private static SplitBehavior behavior(Json json, String name) {
        try {
            return SplitBehavior.fromJson(name);
        } catch (IllegalArgumentException e) {
            throw json.error(e.getMessage());
        }
    }

    private static PreTokenizer split(Json json) {
        Json pattern = json.child(json.get("pattern"), "Split pattern");
        MatchFinder finder;
        if (pattern.has("String")) {
            finder = new RegexFinder(Regexes.literal(pattern.string("String")));
        } else if (pattern.has("Regex")) {
            String regex = pattern.string("Regex");
            finder = Gpt2FamilyFinder.forPattern(regex).orElseGet(() -> new RegexFinder(Regexes.compile(regex)));
        } else {
            throw json.error("pattern is neither String nor Regex");
        }
        return new Split(finder, behavior(json, json.string("behavior")), json.bool("invert", false));
    }

    private static PreTokenizer metaspace(Json json) {
        Metaspace.Prepend prepend = switch (json.string("prepend_scheme", "always")) {
            case "always" -> Metaspace.Prepend.ALWAYS;
            case "first" -> Metaspace.Prepend.FIRST;
            case "never" -> Metaspace.Prepend.NEVER;
            default -> throw json.error("has unknown prepend_scheme \"" + json.string("prepend_scheme") + "\"");
        };
        if (json.has("add_prefix_space") && !json.get("add_prefix_space").asBoolean()) {
            prepend = Metaspace.Prepend.NEVER;
        }
        return new Metaspace(json.codePoint("replacement"), prepend, json.bool("split", true));
    }

    private static PreTokenizer sequence(Json json) {
        List<PreTokenizer> steps = new ArrayList<>();
        JsonNode list = json.get("pretokenizers");
        for (int i = 0; i < list.size(); i++) {
            PreTokenizer step = fromJson(json.child(list.get(i), "pre-tokenizer"));
            if (step.byteLevel() && i < list.size() - 1) {
                throw json.error("has a ByteLevel step before other steps (unsupported: ByteLevel must come last)");
            }
            steps.add(step);
        }
        return steps.size() == 1 ? steps.get(0) : new Sequence(steps);
    }

    /** Steps applied in order, each to every piece of the previous one. */
    static final class Sequence implements PreTokenizer {
        private final List<PreTokenizer> steps;
        private final boolean byteLevel;

        Sequence(List<PreTokenizer> steps) {
            this.byteLevel = steps.stream().anyMatch(PreTokenizer::byteLevel);
            // a trailing ByteLevel that neither splits nor prepends only marks pieces as bytes
            List<PreTokenizer> kept = new ArrayList<>(steps);
            if (kept.size() > 1 && kept.get(kept.size() - 1) instanceof ByteLevel b && b.isIdentitySplit()) {
                kept.remove(kept.size() - 1);
            }
            this.steps = List.copyOf(kept);
        }

        @Override
        public boolean byteLevel() {
            return byteLevel;
        }

        @Override
        public void preTokenize(String text, int startSpan, PieceSink sink) {
            run(0, text, startSpan, sink);
        }

        private void run(int step, String text, int startSpan, PieceSink sink) {
            if (step == steps.size() - 1) {
                steps.get(step).preTokenize(text, startSpan, sink);
                return;
            }
            steps.get(step).preTokenize(text, startSpan,
                    (t, s, e, span) -> run(step + 1, t.substring(s, e), span, sink));
        }
    }
}
