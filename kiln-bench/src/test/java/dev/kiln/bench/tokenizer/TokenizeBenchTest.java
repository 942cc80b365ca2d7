package dev.kiln.bench.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bench's output form (not its timings): other tools parse the last line. */
class TokenizeBenchTest {
    @Test
    void lastLineIsTheJsonSummaryWithScalingWhenAsked() throws Exception {
        Path tokenizer = FetchedTokenizers.file("cl100k");
        Path corpus = SharedData.corpus("fortunes");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TokenizeBench.Result r = TokenizeBench.run(new TokenizeBench.Options(tokenizer, corpus, "text", 2,
                "jtokkit:cl100k_base", 0.05, 1, 1, true), new PrintStream(printed, true, StandardCharsets.UTF_8));
        String[] lines = printed.toString(StandardCharsets.UTF_8).trim().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("{\"kiln_mb_s\": ") && last.endsWith("}"), last);
        for (String field : new String[] {"\"ref_mb_s\": ", "\"reference\": \"jtokkit:cl100k_base\"", "\"ratio\": ",
                "\"threads\": 2", "\"kiln_1_thread_mb_s\": ", "\"scaling\": "}) {
            assertTrue(last.contains(field), field + " in " + last);
        }
        // the same texts and the same encoding: Kiln counts as many tokens as jtokkit
        assertEquals(r.refTokens(), r.kilnTokens());
        assertTrue(r.kilnOneThreadMbs() > 0 && r.scaling() > 0, last);
    }

    @Test
    void scalingNeedsMoreThanOneThread() {
        assertThrows(IllegalArgumentException.class, () -> new TokenizeBench.Options(Path.of("t.json"), Path.of("in.jsonl"),
                "text", 1, "hf", 1, 1, 1, true));
    }
}
