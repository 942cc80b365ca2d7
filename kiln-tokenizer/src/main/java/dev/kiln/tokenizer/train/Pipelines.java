package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.tokenizer.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The tokenizer.json sections of each trainable style, as the published files have them:
 * GPT-2/Llama-3 byte-level BPE, Llama-2's SentencePiece BPE with byte fallback, SentencePiece
 * Unigram behind Metaspace, BERT's WordPiece. Training pre-tokenizes with the same sections
 * (loaded by Kiln) that the written file carries.
 */
final class Pipelines {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LLAMA3_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String METASPACE = "\u2581";

    private Pipelines() {}

    /** A tokenizer.json skeleton: the pipeline of style, the model to be filled in, added tokens for specials. */
    static ObjectNode skeleton(TokenizerTrainer.Style style, List<String> specials) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < specials.size(); i++) {
            added.addObject().put("id", i).put("content", specials.get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        switch (style) {
            case BYTE_LEVEL_BPE -> {
                root.putNull("normalizer");
                ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
                ArrayNode steps = pre.putArray("pretokenizers");
                ObjectNode split = steps.addObject().put("type", "Split");
                split.putObject("pattern").put("Regex", LLAMA3_SPLIT);
                split.put("behavior", "Isolated").put("invert", false);
                steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false)
                        .put("trim_offsets", true).put("use_regex", false);
                root.putNull("post_processor");
                root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                        .put("trim_offsets", true).put("use_regex", true);
            }
            case SENTENCEPIECE_BPE -> {
                ObjectNode norm = root.putObject("normalizer").put("type", "Sequence");
                ArrayNode steps = norm.putArray("normalizers");
                steps.addObject().put("type", "Prepend").put("prepend", METASPACE);
                ObjectNode replace = steps.addObject().put("type", "Replace");
                replace.putObject("pattern").put("String", " ");
                replace.put("content", METASPACE);
                root.putNull("pre_tokenizer");
                root.set("post_processor", template(specials.get(1), 1, null, 0));
                ObjectNode dec = root.putObject("decoder").put("type", "Sequence");
                ArrayNode ds = dec.putArray("decoders");
                ObjectNode back = ds.addObject().put("type", "Replace");
                back.putObject("pattern").put("String", METASPACE);
                back.put("content", " ");
                ds.addObject().put("type", "ByteFallback");
                ds.addObject().put("type", "Fuse");
                ds.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
            }
            case UNIGRAM -> {
                root.putObject("normalizer").put("type", "NFKC");
                root.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", METASPACE)
                        .put("prepend_scheme", "always").put("split", true);
                root.set("post_processor", template(specials.get(1), 1, specials.get(2), 2));
                root.putObject("decoder").put("type", "Metaspace").put("replacement", METASPACE)
                        .put("prepend_scheme", "always").put("split", true);
            }
            case WORDPIECE -> {
                root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true)
                        .put("handle_chinese_chars", true).putNull("strip_accents").put("lowercase", false);
                root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
                root.set("post_processor", template(specials.get(2), 2, specials.get(3), 3));
                root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
            }
            default -> throw new IllegalArgumentException("unknown style " + style);
        }
        return root;
    }

    /** TemplateProcessing with first before the sequence and last (when not null) after it. */
    private static ObjectNode template(String first, int firstId, String last, int lastId) {
        ObjectNode t = JSON.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = t.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", first).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        if (last != null) {
            single.addObject().putObject("SpecialToken").put("id", last).put("type_id", 0);
        }
        ArrayNode pair = t.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", first).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        if (last != null) {
            pair.addObject().putObject("SpecialToken").put("id", last).put("type_id", 0);
        }
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        if (last != null) {
            pair.addObject().putObject("SpecialToken").put("id", last).put("type_id", 1);
        }
        ObjectNode specials = t.putObject("special_tokens");
        special(specials, first, firstId);
        if (last != null) {
            special(specials, last, lastId);
        }
        return t;
    }

    private static void special(ObjectNode specials, String token, int id) {
        ObjectNode s = specials.putObject(token).put("id", token);
        s.putArray("ids").add(id);
        s.putArray("tokens").add(token);
    }

    /** A Kiln tokenizer over root's pipeline with a stand-in model, to pre-tokenize training text. */
    static Tokenizer preTokenizer(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        copy.putArray("added_tokens");
        ObjectNode model = copy.putObject("model").put("type", "WordLevel").put("unk_token", "<unk>");
        model.putObject("vocab").put("<unk>", 0);
        return load(copy, "training pipeline");
    }

    static Tokenizer load(ObjectNode root, String name) {
        try {
            return Tokenizer.fromStream(new ByteArrayInputStream(JSON.writeValueAsBytes(root)), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
