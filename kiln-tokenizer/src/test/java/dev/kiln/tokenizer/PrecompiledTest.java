package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Precompiled normalizer (SentencePiece's nmt_nfkc charsmap) against Hugging Face on the
 * inputs where its per-grapheme rule matters: clusters under 6 bytes whose first character has a
 * rule replace the whole cluster, longer ones go character by character.
 */
class PrecompiledTest {
    static final List<String> CASES = List.of(
            "a\r\nb", "\r\n\r\n", "line\r\n  next\r\n", "\r\u0301 \n\u0301",
            "\uFF21\u0301 \uFB01\u0301 \u2460\u0308 \u3000\u0301 A\u0301",      // rule + mark: whole cluster
            "\uFB01ne \u2460\u2461 \uFF21\uFF42\uFF43 \u337F \u2122 \u00BD \u2168 \u3300",
            "\u00A0x\u3000y\u200Bz\uFEFFw\u2028v\u0085u", "tab\there\u000Bvt\u000Cff",
            "\u0001\u001F\u007F\u0080\u009F controls", "\u0000nul\u0000",
            "\u1100\u1161\u11A8 \uAC00\u11A8 \u1112\u1161\u11AB\u1100\u1173\u11AF",
            "\uFF76\uFF9E\uFF77\uFF9E \uFF8A\uFF9F", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
            "\u0633\u064E\u0644\u0627\u0645 \u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD \u0915\u094D\u0937 \u0E19\u0E49\u0E33",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83C\uDDEB\uD83C\uDDF7 \uD83D\uDC4D\uD83C\uDFFD #\uFE0F\u20E3 \u00A9\uFE0F",
            "\u2122\u200D\u2764 \u00AE\u200D\u00A9 x\u0600y", "e\u0301\u0302\u0303 \u0130\u0307 \u1E9E\u0301");
    @TempDir
    Path tmp;

    @Test
    void identicalToHuggingFace() {
        Path file = TestFiles.tokenizer("spm-unigram");
        Tokenizer kiln = Tokenizer.fromFile(file);
        try (HfReference hf = new HfReference(file)) {
            for (String text : CASES) {
                assertArrayEquals(hf.encode(text, false), kiln.encode(text, false), () -> escape(text));
            }
        }
    }

    /**
     * The layout newer transformers versions write (XLM-R, mT5...): Precompiled, right strip, runs
     * of spaces to one "▁", then Metaspace alone, which also splits on the normalizer's "▁".
     */
    @Test
    void newerConverterLayoutIdenticalToHuggingFace() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode t = (ObjectNode) json.readTree(TestFiles.tokenizer("spm-unigram").toFile());
        ObjectNode normalizer = (ObjectNode) t.get("normalizer");
        ObjectNode precompiled = (ObjectNode) normalizer.get("normalizers").get(0);
        normalizer.set("normalizers", json.readTree("[{\"type\":\"Strip\",\"strip_left\":false,\"strip_right\":true},"
                + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\"\u2581\"}]"));
        normalizer.withArray("normalizers").insert(0, precompiled);
        t.set("pre_tokenizer", t.get("decoder"));
        Path file = tmp.resolve("xlmr-layout.json");
        json.writeValue(file.toFile(), t);
        List<String> texts = new ArrayList<>(CASES);
        texts.addAll(TestSupport.sampleTexts(10, 1500));
        Tokenizer kiln = Tokenizer.fromFile(file);
        try (HfReference hf = new HfReference(file)) {
            for (String text : texts) {
                assertArrayEquals(hf.encode(text, true), kiln.encode(text, true), () -> escape(text));
            }
        }
    }

    /**
     * Guards the tests above: the cases reach the whole-cluster rule, under which a fullwidth A
     * with a combining accent (3 + 2 bytes) becomes a bare "A", while "A" + accent keeps it.
     */
    @Test
    void shortClustersAreReplacedWhole() {
        Tokenizer kiln = Tokenizer.fromFile(TestFiles.tokenizer("spm-unigram"));
        assertArrayEquals(kiln.encode("A"), kiln.encode("\uFF21\u0301"));
        assertFalse(Arrays.equals(kiln.encode("A"), kiln.encode("A\u0301")));
        assertFalse(Arrays.equals(kiln.encode("A"), kiln.encode("\uFF21\u0301\u0301\u0301"))); // 7 bytes: per character
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
