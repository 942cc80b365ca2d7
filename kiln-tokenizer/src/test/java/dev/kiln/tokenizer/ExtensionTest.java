package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.tokenizer.text.ByteLevelAlphabet;
import dev.kiln.tokenizer.train.Corpus;
import dev.kiln.tokenizer.train.TokenizerTrainer;
import dev.kiln.tokenizer.train.VocabExtender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Extends real bases with pieces learned on 3 MB of chinese-poetry (its train slice) and checks:
 * every base id and merge is unchanged, new ids follow the base's, each new token is spelled by its
 * embedding-init base ids, HF (through DJL) encodes held-out text exactly as Kiln, Chinese held-out
 * text takes fewer tokens and English the same ids as with the base.
 */
class ExtensionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "qwen3", "llama3"})
    void extendedTokenizerKeepsTheBaseAndMatchesHuggingFace(String name) throws Exception {
        Path baseFile = TestFiles.tokenizer(name);
        Path poetry = TestFiles.shared().resolve("corpora/chinese-poetry.jsonl.zst");
        VocabExtender.Result result = new VocabExtender(baseFile).extend(
                new Corpus(List.of(poetry), Corpus.Slice.TRAIN, 3_000_000), 2000, 0.9995, TokenizerTrainer.Progress.NONE);
        result.write(dir);
        Tokenizer base = Tokenizer.fromFile(baseFile);
        Tokenizer extended = Tokenizer.fromFile(dir.resolve("tokenizer.json"));

        assertEquals(2000, result.added().size(), "new tokens");
        for (int id = 0; id < result.baseSize(); id++) {
            assertEquals(base.tokenOf(id), extended.tokenOf(id), "id " + id + " changed its token");
        }
        JsonNode baseMerges = JSON.readTree(baseFile.toFile()).get("model").get("merges");
        JsonNode merges = JSON.readTree(dir.resolve("tokenizer.json").toFile()).get("model").get("merges");
        for (int i = 0; i < baseMerges.size(); i++) {
            assertEquals(baseMerges.get(i), merges.get(i), "base merge " + i + " changed");
        }
        JsonNode init = JSON.readTree(dir.resolve("embedding_init.json").toFile());
        int next = result.baseSize();
        for (JsonNode t : init.get("new_tokens")) {
            assertEquals(next++, t.get("id").asInt());
            String token = t.get("token").asText();
            assertEquals(extended.tokenOf(t.get("id").asInt()).orElseThrow(), token);
            List<String> parts = new ArrayList<>();
            for (JsonNode id : t.get("base_ids")) {
                assertTrue(id.asInt() < result.baseSize(), "embedding init of " + token + " uses a new id");
                parts.add(base.tokenOf(id.asInt()).orElseThrow());
            }
            assertEquals(spelling(token, base), spelling(String.join("", parts), base), "base ids do not spell " + token);
        }

        List<String> chinese = new ArrayList<>();
        new Corpus(List.of(poetry), Corpus.Slice.TEST, 400_000).forEach(d -> chinese.add(d.text()), done -> { });
        List<String> english = new ArrayList<>();
        new Corpus(List.of(TestFiles.shared().resolve("corpora/fortunes.jsonl.zst"),
                TestFiles.shared().resolve("corpora/kernel-docs.jsonl.zst")), Corpus.Slice.ALL, Long.MAX_VALUE)
                .forEach(d -> {
                    if (d.lang().equals("en") && english.size() < 400) {
                        english.add(d.text().length() > 3000 ? d.text().substring(0, 3000) : d.text());
                    }
                }, done -> { });
        long[] zh = compare(chinese, base, extended, dir.resolve("tokenizer.json"), false);
        long[] en = compare(english, base, extended, dir.resolve("tokenizer.json"), true);
        assertTrue(zh[1] < 0.9 * zh[0], name + ": Chinese " + zh[0] + " -> " + zh[1] + " tokens");
        assertEquals(en[0], en[1], name + ": English token count changed");
    }

    /** Base and extended token totals; checks HF == Kiln on the extended file, and same ids as the base when asked. */
    private static long[] compare(List<String> texts, Tokenizer base, Tokenizer extended, Path file, boolean sameAsBase) {
        long[] totals = new long[2];
        try (HfReference hf = new HfReference(file)) {
            for (String text : texts) {
                int[] kiln = extended.encode(text);
                assertArrayEquals(hf.encode(text, false), kiln, "HF and Kiln differ on " + TrainingTest.abbreviate(text));
                int[] before = base.encode(text);
                if (sameAsBase) {
                    assertArrayEquals(before, kiln, "extension changed the ids of " + TrainingTest.abbreviate(text));
                }
                totals[0] += before.length;
                totals[1] += kiln.length;
            }
        }
        return totals;
    }

    /** A token's bytes: byte-level strings mapped back, "<0xXX>" as its byte, anything else as UTF-8. */
    private static String spelling(String token, Tokenizer base) {
        byte[] bl = base.byteLevel() ? ByteLevelAlphabet.decode(token) : null;
        if (bl != null) {
            return new String(bl, StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < token.length(); ) {
            if (token.startsWith("<0x", i) && i + 6 <= token.length() && token.charAt(i + 5) == '>') {
                out.write(Integer.parseInt(token.substring(i + 3, i + 5), 16));
                i += 6;
            } else {
                int cp = token.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return Arrays.toString(out.toByteArray());
    }
}
