package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates the real tokenizers and corpora; skips loudly when they are absent. */
public final class TestFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Doc(String id, String text) {}

    private TestFiles() {}

    public static Path shared() {
        String prop = System.getProperty("kiln.shared");
        Path dir = prop == null ? null : Path.of(prop);
        assumeTrue(dir != null && Files.isDirectory(dir),
                "SKIPPED: shared data directory not found (system property kiln.shared=" + prop + ")");
        return dir;
    }

    /** name is llama2, llama3, qwen3 (shared) or cl100k, o200k, minilm, spm-unigram (made by scripts/fetch-tokenizers.sh). */
    static Path tokenizer(String name) {
        Path file = switch (name) {
            case "llama2", "llama3", "qwen3" -> shared().resolve("tokenizers").resolve(name).resolve("tokenizer.json");
            default -> repoRoot().resolve(".cache/tokenizers").resolve(name).resolve("tokenizer.json");
        };
        assumeTrue(Files.isRegularFile(file), "SKIPPED: " + file + " is missing"
                + (file.toString().contains(".cache") ? " (run scripts/fetch-tokenizers.sh)" : ""));
        return file;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scripts"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("..").toAbsolutePath() : dir;
    }

    static List<Path> corpora() {
        Path dir = shared().resolve("corpora");
        assumeTrue(Files.isDirectory(dir), "SKIPPED: no corpora in " + dir);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".jsonl.zst")).sorted().toList();
            assumeTrue(!list.isEmpty(), "SKIPPED: no *.jsonl.zst in " + dir);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every stride-th of the first count*stride documents, text (or html) cut to maxChars. */
    static List<Doc> sample(Path corpus, int count, int stride, int maxChars) {
        List<Doc> docs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new ZstdInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
            String line;
            for (int n = 0; docs.size() < count && (line = in.readLine()) != null; n++) {
                if (n % stride != 0) {
                    continue;
                }
                JsonNode doc = JSON.readTree(line);
                JsonNode text = doc.has("text") ? doc.get("text") : doc.get("html");
                String s = text == null ? "" : text.asText();
                if (s.length() > maxChars) {
                    int cut = maxChars;
                    if (Character.isHighSurrogate(s.charAt(cut - 1))) {
                        cut--;
                    }
                    s = s.substring(0, cut);
                }
                docs.add(new Doc(doc.path("id").asText(), s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }
}
