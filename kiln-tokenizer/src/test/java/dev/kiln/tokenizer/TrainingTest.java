package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tokenizer.train.Corpus;
import dev.kiln.tokenizer.train.TokenizerTrainer;
import dev.kiln.tokenizer.train.TokenizerTrainer.Style;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trains each style on 2 MB of English kernel documentation and checks the written tokenizer.json
 * in Hugging Face's library (through DJL): it loads and encodes text of every corpus (Chinese,
 * code, mail, HTML: byte fallback and unknown characters included) and adversarial inputs exactly
 * as Kiln does; it compresses held-out English; its size is the one asked for.
 */
class TrainingTest {
    private static final int VOCAB = 4000;
    private static final double COVERAGE = 0.9995;

    @TempDir
    Path dir;

    /** English kernel documentation (the file starts with its English documents). */
    static Corpus trainingText(long bytes) {
        return new Corpus(List.of(TestFiles.shared().resolve("corpora/kernel-docs.jsonl.zst")), Corpus.Slice.TRAIN, bytes);
    }

    /** English documents of kernel-docs' test slice: held out, like the training text. */
    static List<String> heldOutEnglish() {
        List<String> texts = new ArrayList<>();
        new Corpus(List.of(TestFiles.shared().resolve("corpora/kernel-docs.jsonl.zst")), Corpus.Slice.TEST, 400_000)
                .forEach(d -> {
                    if (d.lang().equals("en")) {
                        texts.add(d.text());
                    }
                }, done -> { });
        return texts;
    }

    /** Documents of every corpus and adversarial inputs. */
    static List<String> otherText() {
        List<String> texts = new ArrayList<>();
        for (Path corpus : TestFiles.corpora()) {
            TestFiles.sample(corpus, 25, 7, 2000).forEach(d -> texts.add(d.text()));
        }
        texts.addAll(Adversarial.cases().stream().filter(s -> s.length() < 100_000).toList());
        return texts;
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void trainedFileEncodesIdenticallyInHuggingFace(Style style) {
        TokenizerTrainer.Result result = TokenizerTrainer.train(trainingText(2_000_000),
                new TokenizerTrainer.Options(style, VOCAB, COVERAGE, 2), TokenizerTrainer.Progress.NONE);
        Path file = result.write(dir);
        assertEquals(VOCAB, result.vocabSize(), "vocabulary size");
        Tokenizer kiln = Tokenizer.fromFile(file);
        assertEquals(VOCAB, kiln.vocabSize());
        List<String> fortunes = heldOutEnglish();
        List<String> failures = new ArrayList<>();
        long chars = 0;
        long tokens = 0;
        try (HfReference hf = new HfReference(file)) {
            List<String> texts = new ArrayList<>(fortunes);
            texts.addAll(otherText());
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                int[] expected = hf.encode(text, false);
                int[] actual = kiln.encode(text, false);
                if (!Arrays.equals(expected, actual) && failures.size() < 3) {
                    failures.add(describe(kiln, text, expected, actual));
                }
                if (i < fortunes.size()) {
                    chars += text.length();
                    tokens += actual.length;
                }
            }
        }
        assertTrue(failures.isEmpty(), style + ": Kiln and HF differ on " + failures);
        // merges were learned, not just characters: several characters per token on held-out English
        double charsPerToken = (double) chars / tokens;
        System.out.printf("%s: %.3f chars/token on held-out English%n", style, charsPerToken);
        assertTrue(charsPerToken > 2.5, style + " compresses held-out text to only " + charsPerToken + " chars/token");
    }

    @Test
    void trainingIsDeterministic() throws Exception {
        for (Style style : List.of(Style.SENTENCEPIECE_BPE, Style.UNIGRAM)) {
            TokenizerTrainer.Options options = new TokenizerTrainer.Options(style, 1000, COVERAGE, 2);
            Path a = TokenizerTrainer.train(trainingText(400_000), options, TokenizerTrainer.Progress.NONE).write(dir.resolve("a"));
            Path b = TokenizerTrainer.train(trainingText(400_000), options, TokenizerTrainer.Progress.NONE).write(dir.resolve("b"));
            assertEquals(Files.readString(a), Files.readString(b), style + " gave two different files");
        }
    }

    /** The text and both token sequences around their first difference. */
    static String describe(Tokenizer tok, String text, int[] expected, int[] actual) {
        int at = Arrays.mismatch(expected, actual);
        int from = Math.max(0, at - 3);
        StringBuilder sb = new StringBuilder(abbreviate(text)).append(" at token ").append(at);
        for (int[] ids : List.of(expected, actual)) {
            sb.append(ids == expected ? "\n  hf   " : "\n  kiln ");
            for (int i = from; i < Math.min(ids.length, at + 5); i++) {
                sb.append(ids[i]).append("=").append(tok.tokenOf(ids[i]).orElse("?").replace("\n", "\\n")).append(" ");
            }
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
