package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading: unsupported parts fail loudly, naming the part and the file; the API behaves as documented. */
class LoadingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "normalizer, '{\"type\":\"ByteLevel\"}', ByteLevel",
        "pre_tokenizer, '{\"type\":\"UnicodeScripts\"}', UnicodeScripts",
        "decoder, '{\"type\":\"CTC\"}', CTC",
        "post_processor, '{\"type\":\"Fancy\"}', Fancy",
        "model, '{\"type\":\"Mystery\",\"vocab\":{}}', Mystery",
    })
    void unsupportedComponentsAreNamed(String section, String json, String type) throws IOException {
        ObjectNode t = (ObjectNode) JSON.readTree(TestFiles.tokenizer("llama2").toFile());
        t.set(section, JSON.readTree(json));
        Path file = tmp.resolve("bad-" + type + ".json");
        JSON.writeValue(file.toFile(), t);
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.fromFile(file));
        assertTrue(e.getMessage().contains("\"" + type + "\"") && e.getMessage().contains(file.toString()),
                "message should name " + type + " and the file: " + e.getMessage());
    }

    @Test
    void malformedFilesAreRejected() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("x.json"), "{ nope");
        assertThrows(TokenizerException.class, () -> Tokenizer.fromFile(notJson));
        Path noModel = Files.writeString(tmp.resolve("y.json"), "{\"normalizer\": null}");
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.fromFile(noModel));
        assertTrue(e.getMessage().contains("model"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"'', does not fit", "'not base64!', not base64", "'AAAA', does not fit"})
    void malformedCharsmapsAreRejected(String charsmap, String reason) throws IOException {
        ObjectNode t = (ObjectNode) JSON.readTree(TestFiles.tokenizer("llama2").toFile());
        t.set("normalizer", JSON.createObjectNode().put("type", "Precompiled").put("precompiled_charsmap", charsmap));
        Path file = tmp.resolve("bad-charsmap.json");
        JSON.writeValue(file.toFile(), t);
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.fromFile(file));
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void batchEncodingEqualsOneByOne() {
        Tokenizer tok = Tokenizer.fromFile(TestFiles.tokenizer("qwen3"));
        List<String> texts = TestSupport.sampleTexts(30, 2000);
        List<int[]> batch = tok.encodeBatch(texts, 3, true);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(tok.encode(texts.get(i), true), batch.get(i), "text " + i);
        }
    }

    @Test
    void lookupsAgreeWithEncoding() {
        Tokenizer tok = Tokenizer.fromFile(TestFiles.tokenizer("llama3"));
        for (AddedToken t : tok.addedTokens()) {
            assertArrayEquals(new int[] {t.id()}, tok.encode(t.content()), t.content());
            assertTrue(tok.idOf(t.content()).orElseThrow() == t.id() && tok.tokenOf(t.id()).orElseThrow().equals(t.content()));
        }
        assertTrue(tok.vocabSize() >= tok.addedTokens().get(tok.addedTokens().size() - 1).id() + 1);
    }
}
