package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.text.LongIntMap;
import dev.kiln.tokenizer.Tokenizer;
import dev.kiln.tokenizer.text.ByteLevelAlphabet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extends a BPE tokenizer with pieces learned on a domain corpus for continued pretraining. Every
 * base id keeps its token; new tokens get the ids after the base's (added tokens included) and new
 * merges rank after all base merges.
 *
 * <p>Why that preserves the base: an encoder applies the lowest-ranked merge first, so every base
 * merge that applies runs before any appended one, and the appended ones only see the base's final
 * pieces. Training therefore starts from the base's own encoding of each domain word and learns
 * merges over base tokens (byte-level bases: Llama-3, Qwen). A SentencePiece base with byte
 * fallback (Llama-2) first gets the domain's frequent non-ASCII characters it lacks (which it
 * would spell as bytes) as new single-character tokens, then merges likewise. Merges that would produce a
 * token the base already has are never learned, so only pieces the base lacks are added.
 */
public final class VocabExtender {
    /** A new token and the base ids it is spelled with (for mean initialisation of its embedding). */
    public record NewToken(int id, String token, int[] baseIds) {}

    /** The merged tokenizer.json and the new tokens in id order. */
    public record Result(ObjectNode json, List<NewToken> added, int newCharacters, int baseSize, long documents) {
        /** Writes DIR/tokenizer.json and DIR/embedding_init.json. */
        public void write(Path dir) {
            TokenizerTrainer.writeJson(dir, "tokenizer.json", json);
            ObjectNode init = Pipelines.JSON.createObjectNode();
            init.put("base_vocab_size", baseSize);
            init.put("method", "mean of the base embeddings of base_ids");
            ArrayNode list = init.putArray("new_tokens");
            for (NewToken t : added) {
                ObjectNode o = list.addObject().put("id", t.id()).put("token", t.token());
                ArrayNode ids = o.putArray("base_ids");
                for (int id : t.baseIds()) {
                    ids.add(id);
                }
            }
            TokenizerTrainer.writeJson(dir, "embedding_init.json", init);
        }
    }

    private final ObjectNode root;
    private final ObjectNode model;
    private final Tokenizer base;
    private final boolean byteLevel;
    private final boolean byteFallback;
    private final TokenTable table = new TokenTable();
    private final LongIntMap mergeRanks;  // (left << 32 | right) -> rank
    private final int[] mergeResults;      // by rank
    private final Set<String> addedContents = new HashSet<>();
    private final int[] byteIds = new int[256];
    private final int firstNew;
    private boolean extended;

    public VocabExtender(Path baseFile) {
        try {
            root = (ObjectNode) Pipelines.JSON.readTree(baseFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + baseFile, e);
        }
        base = Tokenizer.fromFile(baseFile);
        model = (ObjectNode) root.get("model");
        if (!"BPE".equals(model.path("type").asText("BPE")) || !model.has("merges")) {
            throw new IllegalArgumentException("can only extend BPE tokenizers; " + baseFile + " has a "
                    + model.path("type").asText("?") + " model");
        }
        if (!model.path("continuing_subword_prefix").asText("").isEmpty() || !model.path("end_of_word_suffix").asText("").isEmpty()) {
            throw new IllegalArgumentException("cannot extend a BPE with a continuing_subword_prefix or end_of_word_suffix: " + baseFile);
        }
        byteLevel = base.byteLevel();
        byteFallback = model.path("byte_fallback").asBoolean(false);
        if (!byteLevel && !byteFallback) {
            throw new IllegalArgumentException("can only extend byte-level BPE or BPE with byte_fallback (every text "
                    + "must be spelled with base tokens): " + baseFile);
        }
        int size = 0;
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) model.get("vocab")::fields) {
            table.put(e.getValue().asInt(), e.getKey());
            size = Math.max(size, e.getValue().asInt() + 1);
        }
        for (JsonNode t : root.path("added_tokens")) {
            addedContents.add(t.get("content").asText());
            size = Math.max(size, t.get("id").asInt() + 1);
        }
        firstNew = size;
        table.reserve(size);
        for (int b = 0; b < 256; b++) {
            String token = byteLevel ? String.valueOf(ByteLevelAlphabet.charOf(b)) : String.format("<0x%02X>", b);
            byteIds[b] = table.id(token);
            if (byteIds[b] < 0) {
                throw new IllegalArgumentException(baseFile + " lacks the byte token " + token);
            }
        }
        JsonNode merges = model.get("merges");
        mergeRanks = new LongIntMap(merges.size());
        mergeResults = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] pair = mergePair(merges.get(rank));
            int left = table.id(pair[0]);
            int right = table.id(pair[1]);
            int result = table.id(pair[0] + pair[1]);
            if (left >= 0 && right >= 0 && result >= 0) {
                mergeRanks.put((long) left << 32 | right, rank); // a later duplicate wins, as in HF
                mergeResults[rank] = result;
            }
        }
    }

    private static String[] mergePair(JsonNode merge) {
        if (merge.isArray()) {
            return new String[] {merge.get(0).asText(), merge.get(1).asText()};
        }
        String s = merge.asText();
        int space = s.indexOf(' ');
        return new String[] {s.substring(0, space), s.substring(space + 1)};
    }

    /**
     * Learns add new tokens on the corpus (fewer when no pair occurs twice any more);
     * characterCoverage is the share of character occurrences a byte-fallback base must cover.
     * Once per extender: it grows the base it read.
     */
    public Result extend(Corpus corpus, int add, double characterCoverage, TokenizerTrainer.Progress progress) {
        if (extended) {
            throw new IllegalStateException("this extender was used already: read the base again for another extension");
        }
        extended = true;
        if (add < 1) {
            throw new IllegalArgumentException("the number of tokens to add must be positive, got " + add);
        }
        long total = corpus.fileBytes();
        WordCounts counts = WordCounts.count(corpus, base, !byteLevel, Integer.MAX_VALUE, done -> progress.update("counting", done, total));
        List<NewToken> added = new ArrayList<>();
        int newChars = 0;
        if (!byteLevel) {
            for (int cp : WordCounts.covering(counts.codePoints(), characterCoverage, Integer.MAX_VALUE)) {
                String c = Character.toString(cp);
                // ASCII the base spells with bytes (newline, controls) stays bytes: English keeps its ids
                if (cp >= 0x80 && table.id(c) < 0 && !addedContents.contains(c) && added.size() < add) {
                    added.add(new NewToken(table.add(c), c, bytesOf(c)));
                    newChars++;
                }
            }
        }
        int[][] words = new int[counts.counts.size()][];
        long[] freq = new long[words.length];
        int w = 0;
        for (Map.Entry<String, long[]> e : counts.counts.entrySet()) {
            words[w] = baseEncoding(e.getKey());
            freq[w++] = e.getValue()[0];
        }
        boolean[] fixed = new boolean[firstNew]; // byte-fallback tokens and unk never merge
        if (!byteLevel) {
            for (int id : byteIds) {
                fixed[id] = true;
            }
        }
        String unk = model.path("unk_token").asText(null);
        if (unk != null && table.id(unk) >= 0) {
            fixed[table.id(unk)] = true;
        }
        BpeTrainer trainer = new BpeTrainer(table, "", id -> id >= firstNew || !fixed[id],
                s -> (table.id(s) >= 0 && table.id(s) < firstNew) || addedContents.contains(s));
        List<BpeTrainer.Merge> merges = trainer.train(words, freq, add - added.size(), 2,
                (done, target) -> progress.update("merging", done, target));

        int[][] spelled = new int[table.size() - firstNew][];
        for (NewToken t : added) {
            spelled[t.id() - firstNew] = t.baseIds();
        }
        ObjectNode vocab = (ObjectNode) model.get("vocab");
        ArrayNode mergeList = (ArrayNode) model.get("merges");
        boolean pairs = mergeList.isEmpty() || mergeList.get(0).isArray();
        for (BpeTrainer.Merge m : merges) {
            String left = table.token(m.left());
            String right = table.token(m.right());
            if (pairs) {
                mergeList.addArray().add(left).add(right);
            } else if (left.contains(" ") || right.contains(" ")) {
                throw new IllegalStateException("token with a space cannot be written as a \"left right\" merge: " + left + right);
            } else {
                mergeList.add(left + " " + right);
            }
            if (spelled[m.result() - firstNew] == null) {
                int[] a = spelledWith(m.left(), spelled);
                int[] b = spelledWith(m.right(), spelled);
                int[] both = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, both, a.length, b.length);
                spelled[m.result() - firstNew] = both;
                added.add(new NewToken(m.result(), table.token(m.result()), both));
            }
        }
        for (NewToken t : added) {
            vocab.put(t.token(), t.id());
        }
        return new Result(root, List.copyOf(added), newChars, firstNew, counts.documents);
    }

    private int[] spelledWith(int id, int[][] spelled) {
        return id < firstNew ? new int[] {id} : spelled[id - firstNew];
    }

    private int[] bytesOf(String c) {
        byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = byteIds[bytes[i] & 0xFF];
        }
        return ids;
    }

    /**
     * A piece as the base encodes it (with the new characters of a byte-fallback base as atoms):
     * the whole piece when ignore_merges finds it in the vocabulary, else its bytes or characters
     * merged lowest rank first, leftmost on ties.
     */
    private int[] baseEncoding(String piece) {
        if (model.path("ignore_merges").asBoolean(false)) {
            int whole = table.id(byteLevel ? ByteLevelAlphabet.encode(piece) : piece);
            if (whole >= 0 && whole < firstNew) {
                return new int[] {whole};
            }
        }
        int[] ids = byteLevel ? bytesOf(piece) : TokenizerTrainer.charsOrBytes(piece, table, byteIds);
        int n = ids.length;
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            int at = -1;
            for (int i = 0; i + 1 < n; i++) {
                int rank = mergeRanks.get((long) ids[i] << 32 | ids[i + 1]);
                if (rank >= 0 && rank < best) {
                    best = rank;
                    at = i;
                }
            }
            if (at < 0) {
                break;
            }
            ids[at] = mergeResults[best];
            System.arraycopy(ids, at + 2, ids, at + 1, n - at - 2);
            n--;
        }
        return Arrays.copyOf(ids, n);
    }
}
