package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kiln's ids against Hugging Face's Rust library (through DJL) on documents from every corpus
 * and on adversarial inputs, for every real tokenizer available. 100% identical is the bar.
 */
class ExactnessTest {
    private static final int DOCS_PER_CORPUS = 400;
    private static final int MAX_CHARS = 3000;
    private static Map<String, List<TestFiles.Doc>> corpora;

    @BeforeAll
    static void loadCorpora() {
        corpora = new LinkedHashMap<>();
        for (Path corpus : TestFiles.corpora()) {
            String name = corpus.getFileName().toString().replace(".jsonl.zst", "");
            // chinese-poetry repeats the same poem in neighbouring lines: spread the sample
            int stride = name.equals("chinese-poetry") ? 50 : 3;
            corpora.put(name, TestFiles.sample(corpus, DOCS_PER_CORPUS, stride, MAX_CHARS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spm-unigram", "llama2", "llama3", "qwen3", "cl100k", "o200k", "minilm"})
    void identicalToHuggingFace(String name) {
        Path file = TestFiles.tokenizer(name);
        Tokenizer kiln = Tokenizer.fromFile(file);
        try (HfReference hf = new HfReference(file)) {
            List<String> failures = new ArrayList<>();
            int total = 0;
            int same = 0;
            int decodeSame = 0;
            for (Map.Entry<String, List<TestFiles.Doc>> corpus : corpora.entrySet()) {
                int i = 0;
                for (TestFiles.Doc doc : corpus.getValue()) {
                    boolean special = i++ % 10 == 0; // every tenth with the post-processor's tokens
                    int[] expected = hf.encode(doc.text(), special);
                    int[] actual = kiln.encode(doc.text(), special);
                    total++;
                    if (Arrays.equals(expected, actual)) {
                        same++;
                    } else if (failures.size() < 5) {
                        failures.add(describe(doc.id(), doc.text(), expected, actual));
                    }
                    if (hf.decode(expected, false).equals(kiln.decode(expected, false))) {
                        decodeSame++;
                    } else if (failures.size() < 5) {
                        failures.add(doc.id() + ": decode differs");
                    }
                }
            }
            int advSame = 0;
            List<String> cases = Adversarial.cases();
            for (String text : cases) {
                for (boolean special : new boolean[] {false, true}) {
                    int[] expected = hf.encode(text, special);
                    int[] actual = kiln.encode(text, special);
                    if (Arrays.equals(expected, actual)) {
                        advSame++;
                    } else if (failures.size() < 10) {
                        failures.add(describe("adversarial", text, expected, actual));
                    }
                }
            }
            System.out.printf("EXACTNESS %s: corpora %d/%d identical, adversarial %d/%d identical, decode %d/%d identical%n",
                    name, same, total, advSame, cases.size() * 2, decodeSame, total);
            assertTrue(failures.isEmpty(), name + " differs from Hugging Face:\n" + String.join("\n", failures));
            assertEquals(total, same);
        }
    }

    static String describe(String id, String text, int[] expected, int[] actual) {
        int k = 0;
        while (k < Math.min(expected.length, actual.length) && expected[k] == actual[k]) {
            k++;
        }
        String snippet = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return id + " (" + text.length() + " chars) first difference at id #" + k
                + ": hf " + slice(expected, k) + " kiln " + slice(actual, k) + " text: " + snippet.replace("\n", "\\n");
    }

    private static String slice(int[] ids, int k) {
        return Arrays.toString(Arrays.copyOfRange(ids, Math.max(0, k - 2), Math.min(ids.length, k + 4)));
    }
}
