package dev.kiln.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.tokenizer.HfReference;
import dev.kiln.tokenizer.TestFiles;
import dev.kiln.tokenizer.Tokenizer;
import dev.kiln.tokenizer.train.TokenizerTrainer.Style;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnigramTrainerTest {
    private static final Tokenizer PIPELINE = Pipelines.preTokenizer(Pipelines.skeleton(Style.UNIGRAM, Style.UNIGRAM.specials));

    @TempDir
    Path dir;

    @Test
    void digammaMatchesKnownValues() {
        assertEquals(-0.5772156649015329, UnigramTrainer.digamma(1), 1e-10); // -Euler's constant
        assertEquals(0.42278433509846713, UnigramTrainer.digamma(2), 1e-10);
        assertEquals(4.600161852738087, UnigramTrainer.digamma(100), 1e-10);
        assertEquals(-1.9635100260214235, UnigramTrainer.digamma(0.5), 1e-10);
    }

    /** The suffix-array seeds are exactly what counting every substring gives: English and Chinese words. */
    @Test
    void seedsEqualTheBestSubstringsCountedOneByOne() {
        WordCounts wc = count(corpus("kernel-docs", 150_000));
        count(corpus("chinese-poetry", 40_000)).counts.forEach((w, c) -> wc.counts.merge(w, c, (a, b) -> new long[] {a[0] + b[0]}));
        TokenizerTrainer.Options options = new TokenizerTrainer.Options(Style.UNIGRAM, 700, 0.9995, 2);
        int target = 700 - 3 - 256;
        List<String> seeds = new UnigramTrainer(options, TokenizerTrainer.Progress.NONE).seeds(wc);

        List<Integer> chars = WordCounts.covering(wc.codePoints(), 0.9995, target);
        Set<Integer> covered = new HashSet<>(chars);
        Map<String, Long> freq = new HashMap<>();
        wc.counts.forEach((word, count) -> {
            int[] cps = word.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                if (!covered.contains(cps[i])) {
                    continue;
                }
                for (int j = i + 1; j < cps.length && j - i < UnigramTrainer.MAX_PIECE_CHARS; j++) {
                    if (cps[j] == 0x2581 || !covered.contains(cps[j])) {
                        break;
                    }
                    freq.merge(new String(cps, i, j + 1 - i), count[0], Long::sum);
                }
            }
        });
        List<String> ranked = new ArrayList<>();
        freq.forEach((s, f) -> {
            if (f > 1) {
                ranked.add(s);
            }
        });
        Comparator<String> byScore = Comparator.comparingLong(s -> -freq.get(s) * s.codePointCount(0, s.length()));
        ranked.sort(byScore.thenComparing((a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray())));
        List<String> expected = new ArrayList<>();
        chars.forEach(cp -> expected.add(Character.toString(cp)));
        expected.addAll(ranked.subList(0, 10 * target - chars.size()));
        assertEquals(expected, seeds);
        assertTrue(ranked.size() > 10 * target, "the cut at " + 10 * target + " seeds must matter: " + ranked.size() + " candidates");
    }

    /**
     * Chinese poems joined without spaces are one "word" of 2 MB: it is cut at SentencePiece's
     * max_sentence_length, sampled down to the bound given, seeded within the seed bound, and the
     * trained file encodes held-out poems as Hugging Face does, the same file on a second run.
     */
    @Test
    void longUnspacedTextIsCappedSampledAndEncodesAsInHuggingFace() throws IOException {
        StringBuilder joined = new StringBuilder();
        corpus("chinese-poetry", 2_000_000).forEach(d -> joined.append(d.text().replaceAll("\\p{Zs}", "")), done -> { });
        Path file = Files.writeString(dir.resolve("poems.txt"), joined);
        WordCounts wc = WordCounts.count(new Corpus(List.of(file), Corpus.Slice.ALL, Long.MAX_VALUE), PIPELINE, false,
                UnigramTrainer.MAX_WORD_BYTES, done -> { });
        assertEquals(1, wc.documents);
        int longest = wc.counts.keySet().stream().mapToInt(Corpus::utf8Length).max().orElseThrow();
        assertTrue(longest <= UnigramTrainer.MAX_WORD_BYTES && longest > UnigramTrainer.MAX_WORD_BYTES - 4,
                "the longest word has " + longest + " bytes");
        long occurrences = wc.counts.values().stream().mapToLong(c -> c[0]).sum();
        long wordBytes = wc.counts.keySet().stream().mapToLong(Corpus::utf8Length).sum(); // after NFKC
        assertTrue(occurrences <= wordBytes / (UnigramTrainer.MAX_WORD_BYTES - 3) + 1, occurrences + " words: cut too often");
        assertTrue(occurrences > 400, "2 MB in only " + occurrences + " words");

        int vocab = 8000;
        int bound = 200_000;
        // 99% of the characters: 5,169 of 9,278 (99.95% would take all 8,000 ids)
        TokenizerTrainer.Options options = new TokenizerTrainer.Options(Style.UNIGRAM, vocab, 0.99, 2);
        UnigramTrainer trainer = new UnigramTrainer(options, TokenizerTrainer.Progress.NONE, bound);
        ObjectNode model = trainer.train(wc);
        long chars = joined.codePoints().count();
        System.out.printf("unspaced Chinese: %d chars, %d trained on (%d words), %d seeds%n",
                chars, trainer.trainingChars(), trainer.trainingWords(), trainer.seedCount());
        assertTrue(trainer.trainingChars() > bound * 0.7 && trainer.trainingChars() < bound * 1.3,
                "sampled to " + trainer.trainingChars() + " characters of " + chars + " for a bound of " + bound);
        assertTrue(trainer.seedCount() <= 10 * (vocab - 259), trainer.seedCount() + " seeds");
        assertEquals(vocab, model.get("vocab").size());
        int multi = 0;
        for (JsonNode piece : model.get("vocab")) {
            String p = piece.get(0).asText();
            multi += p.codePointCount(0, p.length()) > 1 && !p.startsWith("<") ? 1 : 0; // not <unk>, <0x0A>...
        }
        assertTrue(multi > 1000, "only " + multi + " pieces of several characters");

        Path json = TokenizerTrainer.writeJson(dir, "tokenizer.json",
                TokenizerTrainer.withModel(Pipelines.skeleton(Style.UNIGRAM, Style.UNIGRAM.specials), model));
        Tokenizer kiln = Tokenizer.fromFile(json);
        List<String> heldOut = new ArrayList<>();
        new Corpus(List.of(TestFiles.shared().resolve("corpora/chinese-poetry.jsonl.zst")), Corpus.Slice.TEST, 300_000)
                .forEach(d -> heldOut.add(d.text()), done -> { });
        long tokens = 0;
        long heldOutChars = 0;
        try (HfReference hf = new HfReference(json)) {
            for (String text : heldOut) {
                for (String t : List.of(text, text.replaceAll("\\p{Zs}", ""))) {
                    int[] ids = kiln.encode(t, false);
                    assertEquals(Arrays.toString(hf.encode(t, false)), Arrays.toString(ids), t);
                    tokens += ids.length;
                    heldOutChars += t.codePointCount(0, t.length());
                }
            }
        }
        // characters alone would give fewer characters than tokens (the 1% outside the coverage are 3 bytes each)
        assertTrue(heldOutChars > 1.02 * tokens, heldOutChars + " characters in " + tokens + " tokens");
        ObjectNode again = new UnigramTrainer(options, TokenizerTrainer.Progress.NONE, bound).train(
                WordCounts.count(new Corpus(List.of(file), Corpus.Slice.ALL, Long.MAX_VALUE), PIPELINE, false,
                        UnigramTrainer.MAX_WORD_BYTES, done -> { }));
        assertEquals(model, again, "a second run gave another model");
    }

    private static Corpus corpus(String name, long bytes) {
        return new Corpus(List.of(TestFiles.shared().resolve("corpora/" + name + ".jsonl.zst")), Corpus.Slice.TRAIN, bytes);
    }

    private static WordCounts count(Corpus corpus) {
        return WordCounts.count(corpus, PIPELINE, false, UnigramTrainer.MAX_WORD_BYTES, done -> { });
    }
}
