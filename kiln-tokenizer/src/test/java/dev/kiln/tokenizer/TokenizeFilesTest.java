package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.tokenizer.tool.JsonlFiles;
import dev.kiln.tokenizer.tool.TokenizeFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln tokenize: one output line per input line, in order, with the ids of encode(). */
class TokenizeFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void writesIdsInInputOrder() throws IOException {
        Path corpus = TestFiles.corpora().stream().filter(p -> p.toString().contains("fortunes")).findFirst().orElseThrow();
        Path tokenizerFile = TestFiles.tokenizer("llama3");
        Path out = tmp.resolve("out.jsonl.zst");
        TokenizeFiles.Stats stats = TokenizeFiles.run(new TokenizeFiles.Options(tokenizerFile, corpus, out, "text", true, 2));
        Tokenizer tok = Tokenizer.fromFile(tokenizerFile);
        List<JsonNode> inputs = new ArrayList<>();
        try (BufferedReader in = JsonlFiles.reader(corpus)) {
            for (String line; (line = in.readLine()) != null && inputs.size() < 2000; ) {
                inputs.add(JSON.readTree(line));
            }
        }
        long lines = 0;
        try (BufferedReader in = JsonlFiles.reader(out)) {
            for (String line; (line = in.readLine()) != null; lines++) {
                if (lines < inputs.size()) {
                    JsonNode got = JSON.readTree(line);
                    JsonNode want = inputs.get((int) lines);
                    assertEquals(want.get("id"), got.get("id"));
                    int[] ids = JSON.convertValue(got.get("ids"), int[].class);
                    assertArrayEquals(tok.encode(want.get("text").asText(), true), ids, want.get("id").asText());
                }
            }
        }
        assertEquals(stats.lines(), lines);
        System.out.printf("TOKENIZE %d lines, %d tokens in %.1f s%n", stats.lines(), stats.tokens(), stats.seconds());
    }
}
