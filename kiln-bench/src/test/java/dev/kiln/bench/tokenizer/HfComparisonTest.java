package dev.kiln.bench.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.SharedData;
import dev.kiln.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfComparisonTest {
    @TempDir
    Path dir;

    @Test
    void realDocumentsAreIdentical() throws Exception {
        Path corpus = SharedData.corpus("kernel-docs");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        HfComparison.Result r = HfComparison.run(SharedData.tokenizer("llama3"), corpus, "text", 300_000,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertTrue(r.documents() > 5, "documents: " + r.documents());
        assertTrue(r.identical(), printed.toString(StandardCharsets.UTF_8));
        assertEquals(r.documents(), r.sameIds());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("ids " + r.documents() + "/" + r.documents() + " identical"));
    }

    @Test
    void differencesAreCountedAndShown() throws Exception {
        Path input = dir.resolve("docs.jsonl");
        Files.writeString(input, "{\"id\":\"greeting\",\"text\":\"Hello world\"}\n\n{\"text\":\"Bonjour\"}\n");
        // Kiln with Llama-2's file against Hugging Face with Llama-3's: every document differs
        Tokenizer kiln = Tokenizer.fromFile(SharedData.tokenizer("llama2"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        HfComparison.Result r = HfComparison.run(kiln, SharedData.tokenizer("llama3"), input, "text", Long.MAX_VALUE,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(2, r.documents());
        assertEquals(0, r.sameIds());
        assertEquals(0, r.sameIdsWithSpecial());
        assertFalse(r.identical());
        assertTrue(r.differences().get(0).startsWith("greeting: ids differ at position 0"), r.differences().get(0));
        assertTrue(r.differences().stream().anyMatch(d -> d.startsWith(input + ":3: ")), r.differences().toString());
    }
}
