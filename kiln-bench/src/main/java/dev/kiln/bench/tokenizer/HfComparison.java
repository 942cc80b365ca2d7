package dev.kiln.bench.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.tokenizer.Tokenizer;
import dev.kiln.tokenizer.tool.JsonlFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code kiln tokenizer compare}: Kiln against Hugging Face's Rust library (through DJL) on a
 * user's own documents, before trusting Kiln's ids at scale. Each document is encoded with and
 * without the post-processor's special tokens, and the ids are decoded by both.
 */
public final class HfComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 5;

    /** Counts over the documents compared; differences describes the first few that differ. */
    public record Result(int documents, long bytes, int sameIds, int sameIdsWithSpecial, int sameDecode,
                         List<String> differences) {
        public boolean identical() {
            return sameIds == documents && sameIdsWithSpecial == documents && sameDecode == documents;
        }
    }

    private HfComparison() {}

    /** Compares the documents of input (JSONL, .zst allowed) until maxBytes of text; prints a summary. */
    public static Result run(Path tokenizerJson, Path input, String field, long maxBytes, PrintStream out) throws IOException {
        return run(Tokenizer.fromFile(tokenizerJson), tokenizerJson, input, field, maxBytes, out);
    }

    /** As {@link #run(Path, Path, String, long, PrintStream)}, with Kiln's side already loaded. */
    public static Result run(Tokenizer kiln, Path tokenizerJson, Path input, String field, long maxBytes, PrintStream out)
            throws IOException {
        int documents = 0;
        int sameIds = 0;
        int sameWithSpecial = 0;
        int sameDecode = 0;
        long bytes = 0;
        List<String> differences = new ArrayList<>();
        try (HuggingFaceTokenizer hf = References.openHuggingFace(tokenizerJson);
             BufferedReader in = JsonlFiles.reader(input)) {
            String line;
            for (int lineNo = 1; bytes < maxBytes && (line = in.readLine()) != null; lineNo++) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode doc = JSON.readTree(line);
                String text = JsonlFiles.text(doc, field);
                String name = doc.hasNonNull("id") ? doc.get("id").asText() : input + ":" + lineNo;
                documents++;
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
                long[] expected = hf.encode(text, false, false).getIds();
                if (sameIds(name, "ids", expected, kiln.encode(text, false), differences)) {
                    sameIds++;
                }
                if (sameIds(name, "ids with special tokens", hf.encode(text, true, false).getIds(), kiln.encode(text, true),
                        differences)) {
                    sameWithSpecial++;
                }
                // the same ids to both decoders, so a decode difference shows apart from an encode one
                if (hf.decode(expected, false).equals(kiln.decode(Arrays.stream(expected).mapToInt(id -> (int) id).toArray(), false))) {
                    sameDecode++;
                } else if (differences.size() < SHOWN) {
                    differences.add(name + ": decode differs");
                }
            }
        }
        Result r = new Result(documents, bytes, sameIds, sameWithSpecial, sameDecode, List.copyOf(differences));
        out.printf(Locale.ROOT, "%d documents (%.1f MB): ids %d/%d identical, with special tokens %d/%d, decode %d/%d%n",
                documents, bytes / 1e6, sameIds, documents, sameWithSpecial, documents, sameDecode, documents);
        differences.forEach(out::println);
        return r;
    }

    /** Whether the ids agree; if not, describes the difference while fewer than SHOWN are. */
    private static boolean sameIds(String name, String what, long[] expected, int[] actual, List<String> differences) {
        boolean same = expected.length == actual.length;
        for (int i = 0; same && i < actual.length; i++) {
            same = expected[i] == actual[i];
        }
        if (!same && differences.size() < SHOWN) {
            differences.add(describe(name, what, expected, actual));
        }
        return same;
    }

    private static String describe(String name, String what, long[] expected, int[] actual) {
        int at = 0;
        while (at < expected.length && at < actual.length && expected[at] == actual[at]) {
            at++;
        }
        int from = Math.max(0, at - 3);
        return String.format(Locale.ROOT, "%s: %s differ at position %d of %d (Kiln has %d): Hugging Face %s..., Kiln %s...",
                name, what, at, expected.length, actual.length,
                Arrays.toString(Arrays.copyOfRange(expected, from, Math.min(expected.length, at + 4))),
                Arrays.toString(Arrays.copyOfRange(actual, from, Math.min(actual.length, at + 4))));
    }
}
