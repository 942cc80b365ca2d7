package dev.kiln.bench.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The tokenizer files scripts/fetch-tokenizers.sh puts in .cache/tokenizers; a test skips loudly without them. */
final class FetchedTokenizers {
    private FetchedTokenizers() {}

    /** .cache/tokenizers/NAME/tokenizer.json (cl100k, o200k, minilm, spm-unigram). */
    static Path file(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scripts"))) {
            dir = dir.getParent();
        }
        Path file = (dir == null ? Path.of("..").toAbsolutePath() : dir).resolve(".cache/tokenizers").resolve(name).resolve("tokenizer.json");
        assumeTrue(Files.isRegularFile(file), "SKIPPED: " + file + " is missing (run scripts/fetch-tokenizers.sh)");
        return file;
    }
}
