package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.tokenizer.Tokenizer;
import dev.kiln.tokenizer.text.ByteLevelAlphabet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains a tokenizer from scratch and builds its tokenizer.json: byte-level BPE (GPT-2/Llama-3),
 * SentencePiece BPE with byte fallback (Llama-2), SentencePiece Unigram, or WordPiece (BERT).
 * Text is streamed once into piece counts through the same pipeline the file declares.
 */
public final class TokenizerTrainer {
    /** The trainable kinds of tokenizer. */
    public enum Style {
        BYTE_LEVEL_BPE(List.of("<|endoftext|>")),
        SENTENCEPIECE_BPE(List.of("<unk>", "<s>", "</s>")),
        UNIGRAM(List.of("<unk>", "<s>", "</s>")),
        WORDPIECE(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));

        final List<String> specials;

        Style(List<String> specials) {
            this.specials = specials;
        }
    }

    /** Reports progress: phase name, work done and total (file bytes while counting, tokens while training). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (phase, done, total) -> { };

        void update(String phase, long done, long total);
    }

    /**
     * vocabSize counts every id, special tokens included; characterCoverage is the share of character
     * occurrences the base alphabet covers (the rest fall back to bytes or unk); minFrequency is the
     * smallest pair count a BPE/WordPiece merge needs.
     */
    public record Options(Style style, int vocabSize, double characterCoverage, long minFrequency) {
        public Options {
            if (vocabSize < 300) {
                throw new IllegalArgumentException("vocabulary size must be at least 300, got " + vocabSize);
            }
            if (!(characterCoverage > 0 && characterCoverage <= 1)) {
                throw new IllegalArgumentException("character coverage must be in (0, 1], got " + characterCoverage);
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("minimum frequency must be at least 1, got " + minFrequency);
            }
        }
    }

    /** A trained tokenizer.json and what it was trained on. */
    public record Result(ObjectNode json, long documents, long textBytes, int distinctWords, int vocabSize) {
        /** Writes DIR/tokenizer.json. */
        public Path write(Path dir) {
            return writeJson(dir, "tokenizer.json", json);
        }
    }

    private TokenizerTrainer() {}

    public static Result train(Corpus corpus, Options options, Progress progress) {
        ObjectNode root = Pipelines.skeleton(options.style(), options.style().specials);
        Tokenizer pipeline = Pipelines.preTokenizer(root);
        long total = corpus.fileBytes();
        // Unigram caps words as SentencePiece caps sentences: its lattices and seeds grow with their length
        int maxWordBytes = options.style() == Style.UNIGRAM ? UnigramTrainer.MAX_WORD_BYTES : Integer.MAX_VALUE;
        WordCounts counts = WordCounts.count(corpus, pipeline, options.style() == Style.SENTENCEPIECE_BPE, maxWordBytes,
                done -> progress.update("counting", done, total));
        if (counts.counts.isEmpty()) {
            throw new IllegalArgumentException("the corpus has no text to train on");
        }
        ObjectNode model = switch (options.style()) {
            case BYTE_LEVEL_BPE -> byteLevelBpe(counts, options, progress);
            case SENTENCEPIECE_BPE -> sentencePieceBpe(counts, options, progress);
            case WORDPIECE -> wordPiece(counts, options, progress);
            case UNIGRAM -> new UnigramTrainer(options, progress).train(counts);
        };
        return new Result(withModel(root, model), counts.documents, counts.textBytes, counts.counts.size(),
                model.get("vocab").size());
    }

    /** A skeleton's sections with the model among them, in the order HF writes them. */
    static ObjectNode withModel(ObjectNode skeleton, ObjectNode model) {
        ObjectNode ordered = Pipelines.JSON.createObjectNode();
        for (String f : List.of("version", "truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer",
                "post_processor", "decoder")) {
            ordered.set(f, skeleton.get(f));
        }
        ordered.set("model", model);
        return ordered;
    }

    private static ObjectNode byteLevelBpe(WordCounts counts, Options o, Progress progress) {
        TokenTable table = specials(o.style());
        int firstByte = table.size();
        for (int b = 0; b < 256; b++) {
            table.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        int[][] words = new int[counts.counts.size()][];
        long[] freq = new long[words.length];
        int w = 0;
        for (Map.Entry<String, long[]> e : counts.counts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] ids = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                ids[i] = firstByte + (bytes[i] & 0xFF);
            }
            words[w] = ids;
            freq[w++] = e.getValue()[0];
        }
        BpeTrainer trainer = new BpeTrainer(table, "", id -> id >= firstByte, s -> false);
        List<BpeTrainer.Merge> merges = trainer.train(words, freq, o.vocabSize() - table.size(), o.minFrequency(),
                (done, target) -> progress.update("merging", done, target));
        return bpeModel(table, merges, false, null);
    }

    private static ObjectNode sentencePieceBpe(WordCounts counts, Options o, Progress progress) {
        TokenTable table = specials(o.style());
        int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteIds[b] = table.add(String.format("<0x%02X>", b));
        }
        int firstChar = table.size();
        for (int cp : WordCounts.covering(counts.codePoints(), o.characterCoverage(), o.vocabSize() - firstChar)) {
            table.add(Character.toString(cp));
        }
        int[][] words = new int[counts.counts.size()][];
        long[] freq = new long[words.length];
        int w = 0;
        for (Map.Entry<String, long[]> e : counts.counts.entrySet()) {
            words[w] = charsOrBytes(e.getKey(), table, byteIds);
            freq[w++] = e.getValue()[0];
        }
        BpeTrainer trainer = new BpeTrainer(table, "", id -> id >= firstChar, s -> false);
        List<BpeTrainer.Merge> merges = trainer.train(words, freq, o.vocabSize() - table.size(), o.minFrequency(),
                (done, target) -> progress.update("merging", done, target));
        return bpeModel(table, merges, true, "<unk>");
    }

    /** A word as ids of its characters, a character outside the vocabulary as its byte-fallback ids. */
    static int[] charsOrBytes(String word, TokenTable table, int[] byteIds) {
        int[] ids = new int[word.length() * 4];
        int n = 0;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            String c = Character.toString(cp);
            int id = table.id(c);
            if (id >= 0) {
                ids[n++] = id;
            } else {
                for (byte b : c.getBytes(StandardCharsets.UTF_8)) {
                    ids[n++] = byteIds[b & 0xFF];
                }
            }
            i += c.length();
        }
        return Arrays.copyOf(ids, n);
    }

    private static ObjectNode wordPiece(WordCounts counts, Options o, Progress progress) {
        TokenTable table = specials(o.style());
        int firstChar = table.size();
        // as HF: "c" for characters that start words, "##c" for those that continue them
        Set<Integer> kept = new HashSet<>(
                WordCounts.covering(counts.codePoints(), o.characterCoverage(), Integer.MAX_VALUE));
        TreeSet<Integer> initial = new TreeSet<>();
        TreeSet<Integer> inner = new TreeSet<>();
        for (String word : counts.counts.keySet()) {
            int[] cps = word.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                if (kept.contains(cps[i])) {
                    (i == 0 ? initial : inner).add(cps[i]);
                }
            }
        }
        for (int cp : initial) {
            table.add(Character.toString(cp));
        }
        for (int cp : inner) {
            table.add("##" + Character.toString(cp));
        }
        if (table.size() >= o.vocabSize()) {
            throw new IllegalArgumentException("the alphabet alone has " + table.size() + " tokens, more than the vocabulary size "
                    + o.vocabSize() + ": lower the character coverage or raise the size");
        }
        ArrayList<int[]> wordList = new ArrayList<>();
        ArrayList<Long> freqList = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.counts.entrySet()) {
            int[] ids = e.getKey().codePoints().toArray();
            boolean known = true;
            for (int i = 0; i < ids.length && known; i++) {
                ids[i] = table.id((i == 0 ? "" : "##") + Character.toString(ids[i]));
                known = ids[i] >= 0;
            }
            if (known) { // HF's WordPiece turns a word with an unknown character into [UNK] whole
                wordList.add(ids);
                freqList.add(e.getValue()[0]);
            }
        }
        long[] freq = freqList.stream().mapToLong(Long::longValue).toArray();
        BpeTrainer trainer = new BpeTrainer(table, "##", id -> id >= firstChar, s -> false);
        trainer.train(wordList.toArray(new int[0][]), freq, o.vocabSize() - table.size(), o.minFrequency(),
                (done, target) -> progress.update("merging", done, target));
        ObjectNode model = Pipelines.JSON.createObjectNode().put("type", "WordPiece").put("unk_token", "[UNK]")
                .put("continuing_subword_prefix", "##").put("max_input_chars_per_word", 100);
        model.set("vocab", vocabObject(table));
        return model;
    }

    private static TokenTable specials(Style style) {
        TokenTable table = new TokenTable();
        style.specials.forEach(table::add);
        return table;
    }

    static ObjectNode vocabObject(TokenTable table) {
        ObjectNode vocab = Pipelines.JSON.createObjectNode();
        for (int id = 0; id < table.size(); id++) {
            if (table.token(id) != null) {
                vocab.put(table.token(id), id);
            }
        }
        return vocab;
    }

    private static ObjectNode bpeModel(TokenTable table, List<BpeTrainer.Merge> merges, boolean byteFallback, String unk) {
        ObjectNode model = Pipelines.JSON.createObjectNode().put("type", "BPE").putNull("dropout");
        if (unk == null) {
            model.putNull("unk_token");
        } else {
            model.put("unk_token", unk);
        }
        model.putNull("continuing_subword_prefix").putNull("end_of_word_suffix")
                .put("fuse_unk", byteFallback).put("byte_fallback", byteFallback).put("ignore_merges", false);
        model.set("vocab", vocabObject(table));
        ArrayNode list = model.putArray("merges");
        for (BpeTrainer.Merge m : merges) {
            list.addArray().add(table.token(m.left())).add(table.token(m.right()));
        }
        return model;
    }

    static Path writeJson(Path dir, String name, ObjectNode json) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Pipelines.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
        }
    }
}
