package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every component type and option the real files don't exercise: each variant rewrites one
 * section of a real tokenizer.json, and Kiln must match Hugging Face (through DJL) on real text.
 */
class VariantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<String> texts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadTexts() {
        texts = new ArrayList<>();
        for (Path corpus : TestFiles.corpora()) {
            TestFiles.sample(corpus, 5, 7, 600).forEach(d -> texts.add(d.text()));
        }
        texts.addAll(Adversarial.cases().stream().filter(s -> s.length() < 5000).toList());
        texts.add("Hello <special> world <special>x x<special> [MASK]  [MASK]\t<norm>. Ａｂｃ ①② ﬁ Ⅻ");
    }

    private static ObjectNode node(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares Kiln and HF on every text for each variant of base; returns a report line per variant. */
    private void check(String base, List<Variant> variants) throws IOException {
        JsonNode original = JSON.readTree(TestFiles.tokenizer(base).toFile());
        List<String> failures = new ArrayList<>();
        for (Variant v : variants) {
            ObjectNode copy = original.deepCopy();
            v.edit.accept(copy);
            Path file = tmp.resolve(v.name.replaceAll("\\W+", "_") + ".json");
            JSON.writeValue(file.toFile(), copy);
            Tokenizer kiln = Tokenizer.fromFile(file);
            int same = 0;
            int decodeSame = 0;
            try (HfReference hf = new HfReference(file)) {
                for (String text : texts) {
                    int[] expected = hf.encode(text, true);
                    int[] actual = kiln.encode(text, true);
                    if (Arrays.equals(expected, actual)) {
                        same++;
                    } else if (failures.size() < 10) {
                        failures.add(v.name + ": " + ExactnessTest.describe("text", text, expected, actual));
                    }
                    boolean skip = text.hashCode() % 2 == 0;
                    if (hf.decode(expected, skip).equals(kiln.decode(expected, skip))) {
                        decodeSame++;
                    } else if (failures.size() < 10) {
                        failures.add(v.name + ": decode differs for " + text.substring(0, Math.min(60, text.length()))
                                + "\n  hf:   " + hf.decode(expected, skip) + "\n  kiln: " + kiln.decode(expected, skip));
                    }
                }
            }
            System.out.printf("VARIANT %s/%s: %d/%d identical, decode %d/%d%n", base, v.name, same, texts.size(),
                    decodeSame, texts.size());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private record Variant(String name, Consumer<ObjectNode> edit) {}

    private static Variant preTokenizer(String name, String json) {
        return new Variant("pre_tokenizer " + name, t -> t.set("pre_tokenizer", node(json)));
    }

    private static Variant normalizer(String name, String json) {
        return new Variant("normalizer " + name, t -> t.set("normalizer", node(json)));
    }

    @Test
    void preTokenizersOnBpe() throws IOException {
        List<Variant> v = new ArrayList<>();
        for (String behavior : List.of("Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous")) {
            for (boolean invert : new boolean[] {false, true}) {
                v.add(preTokenizer("Split " + behavior + " invert=" + invert, "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\s+|[aeiou]\"},"
                        + "\"behavior\":\"" + behavior + "\",\"invert\":" + invert + "}"));
            }
        }
        v.add(preTokenizer("Split String", "{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"MergedWithNext\",\"invert\":false}"));
        v.add(preTokenizer("Split GPT-2 regex", "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"'s|'t|'re|'ve|'m|'ll|'d| ?\\\\p{L}+| ?\\\\p{N}+| ?[^\\\\s\\\\p{L}\\\\p{N}]+|\\\\s+(?!\\\\S)|\\\\s+\"},\"behavior\":\"Isolated\",\"invert\":false}"));
        for (String scheme : List.of("always", "first", "never")) {
            for (boolean split : new boolean[] {false, true}) {
                v.add(preTokenizer("Metaspace " + scheme + " split=" + split,
                        "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"" + scheme + "\",\"split\":" + split + "}"));
            }
        }
        v.add(preTokenizer("Whitespace", "{\"type\":\"Whitespace\"}"));
        v.add(preTokenizer("WhitespaceSplit", "{\"type\":\"WhitespaceSplit\"}"));
        v.add(preTokenizer("BertPreTokenizer", "{\"type\":\"BertPreTokenizer\"}"));
        v.add(preTokenizer("Digits individual", "{\"type\":\"Digits\",\"individual_digits\":true}"));
        v.add(preTokenizer("Digits", "{\"type\":\"Digits\",\"individual_digits\":false}"));
        for (String behavior : List.of("Isolated", "Removed", "MergedWithPrevious", "MergedWithNext", "Contiguous")) {
            v.add(preTokenizer("Punctuation " + behavior, "{\"type\":\"Punctuation\",\"behavior\":\"" + behavior + "\"}"));
        }
        v.add(preTokenizer("Sequence", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"},"
                + "{\"type\":\"Digits\",\"individual_digits\":true},{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"first\",\"split\":true}]}"));
        check("llama2", v);
    }

    @Test
    void normalizers() throws IOException {
        List<Variant> v = new ArrayList<>();
        for (String form : List.of("NFC", "NFD", "NFKC", "NFKD", "Lowercase")) {
            v.add(normalizer(form, "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"" + form + "\"},"
                    + "{\"type\":\"Prepend\",\"prepend\":\"▁\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}]}"));
        }
        v.add(normalizer("Strip both", "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":true},"
                + "{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}]}"));
        v.add(normalizer("Strip left", "{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":false}"));
        v.add(normalizer("Replace regex", "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"\\\\s+\"},\"content\":\"▁\"},"
                + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"[0-9]\"},\"content\":\"#\"}]}"));
        v.add(normalizer("StripAccents", "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFD\"},{\"type\":\"StripAccents\"}]}"));
        v.add(normalizer("BertNormalizer cased", "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":false,\"lowercase\":false}"));
        v.add(normalizer("BertNormalizer strip only", "{\"type\":\"BertNormalizer\",\"clean_text\":false,\"handle_chinese_chars\":false,\"strip_accents\":true,\"lowercase\":false}"));
        v.add(normalizer("BertNormalizer defaults", "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}"));
        check("llama2", v);
    }

    @Test
    void addedTokenFlags() throws IOException {
        List<Variant> v = new ArrayList<>();
        String[][] flags = {{"false", "false", "false", "false"}, {"true", "false", "false", "false"}, {"false", "true", "false", "false"},
            {"true", "true", "false", "false"}, {"false", "false", "true", "false"}, {"false", "false", "false", "true"}, {"true", "true", "true", "true"}};
        for (String[] f : flags) {
            v.add(new Variant("added lstrip=" + f[0] + " rstrip=" + f[1] + " single_word=" + f[2] + " normalized=" + f[3], t -> {
                ArrayNode added = (ArrayNode) t.get("added_tokens");
                int next = t.get("model").get("vocab").size();
                for (String content : List.of("<special>", "[MASK]", "<norm>", "x")) {
                    added.add(node("{\"id\":" + next++ + ",\"content\":\"" + content + "\",\"single_word\":" + f[2] + ",\"lstrip\":" + f[0]
                            + ",\"rstrip\":" + f[1] + ",\"normalized\":" + f[3] + ",\"special\":" + content.startsWith("<") + "}"));
                }
            }));
        }
        check("llama2", v);
    }

    @Test
    void modelsAndDecoders() throws IOException {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("WordLevel", t -> {
            ObjectNode model = (ObjectNode) t.get("model");
            model.put("type", "WordLevel");
            model.remove("continuing_subword_prefix");
            model.remove("max_input_chars_per_word");
        }));
        v.add(new Variant("Unigram from the WordPiece vocabulary", t -> {
            ObjectNode model = (ObjectNode) t.get("model");
            ArrayNode vocab = JSON.createArrayNode();
            String[] tokens = new String[model.get("vocab").size()];
            model.get("vocab").fields().forEachRemaining(e -> tokens[e.getValue().asInt()] = e.getKey());
            for (int i = 0; i < tokens.length; i++) {
                // scores that favour longer pieces but not strictly, so the Viterbi has choices to make
                String tok = tokens[i].startsWith("##") ? tokens[i].substring(2) : tokens[i];
                vocab.add(JSON.createArrayNode().add(tok).add(-Math.log(2 + i) / (1 + tok.length() % 5)));
            }
            ObjectNode unigram = JSON.createObjectNode();
            unigram.put("type", "Unigram");
            unigram.put("unk_id", 100);
            unigram.set("vocab", vocab);
            t.set("model", unigram);
            t.set("decoder", node("{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"▁\"},\"content\":\" \"},"
                    + "{\"type\":\"Fuse\"},{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}]}"));
        }));
        v.add(new Variant("Metaspace decoder", t -> {
            t.set("pre_tokenizer", node("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}"));
            t.set("decoder", node("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}"));
        }));
        v.add(new Variant("BertProcessing", t -> t.set("post_processor",
                node("{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",102],\"cls\":[\"[CLS]\",101]}"))));
        v.add(new Variant("RobertaProcessing", t -> t.set("post_processor",
                node("{\"type\":\"RobertaProcessing\",\"sep\":[\"[SEP]\",102],\"cls\":[\"[CLS]\",101],\"trim_offsets\":true,\"add_prefix_space\":false}"))));
        v.add(new Variant("no decoder", t -> t.remove("decoder")));
        check("minilm", v);
    }

    @Test
    void byteLevelOptions() throws IOException {
        List<Variant> v = new ArrayList<>();
        for (boolean prefix : new boolean[] {false, true}) {
            v.add(preTokenizer("ByteLevel regex add_prefix_space=" + prefix,
                    "{\"type\":\"ByteLevel\",\"add_prefix_space\":" + prefix + ",\"trim_offsets\":true,\"use_regex\":true}"));
        }
        v.add(preTokenizer("Digits then ByteLevel", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\",\"individual_digits\":true},"
                + "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}]}"));
        v.add(new Variant("ignore_merges off", t -> ((ObjectNode) t.get("model")).put("ignore_merges", false)));
        check("llama3", v);
    }
}
