package dev.kiln.tokenizer.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code kiln tokenize}: JSONL in, one {@code {"id": ..., "ids": [...]}} line out per input line,
 * in input order. Batches of lines are encoded on a thread pool while the next ones are read and
 * earlier ones written.
 */
public final class TokenizeFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_LINES = 256;

    /** What to tokenize; textField names the JSON field holding the text. */
    public record Options(Path tokenizer, Path input, Path output, String textField, boolean addSpecialTokens,
                          int threads) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }
    }

    /** What was done. */
    public record Stats(long lines, long tokens, double seconds) {}

    private record Batch(String text, long tokens) {}

    private TokenizeFiles() {}

    public static Stats run(Options o) throws IOException {
        long start = System.nanoTime();
        Tokenizer tokenizer = Tokenizer.fromFile(o.tokenizer());
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "kiln-tokenize");
            t.setDaemon(true);
            return t;
        });
        long lines = 0;
        long tokens = 0;
        try (BufferedReader in = JsonlFiles.reader(o.input()); Writer out = JsonlFiles.writer(o.output())) {
            ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
            List<String> batch = new ArrayList<>(BATCH_LINES);
            String line;
            while ((line = in.readLine()) != null) {
                batch.add(line);
                if (batch.size() == BATCH_LINES) {
                    long first = lines + 1;
                    List<String> b = batch;
                    inFlight.add(pool.submit(() -> encode(tokenizer, b, first, o)));
                    lines += batch.size();
                    batch = new ArrayList<>(BATCH_LINES);
                    while (inFlight.size() > 2 * o.threads()) {
                        tokens += write(inFlight.poll(), out);
                    }
                }
            }
            if (!batch.isEmpty()) {
                long first = lines + 1;
                List<String> b = batch;
                inFlight.add(pool.submit(() -> encode(tokenizer, b, first, o)));
                lines += batch.size();
            }
            while (!inFlight.isEmpty()) {
                tokens += write(inFlight.poll(), out);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Stats(lines, tokens, (System.nanoTime() - start) / 1e9);
    }

    private static long write(Future<Batch> f, Writer out) throws IOException {
        try {
            Batch b = f.get();
            out.write(b.text());
            return b.tokens();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    private static Batch encode(Tokenizer tokenizer, List<String> lines, long firstLine, Options o) {
        StringBuilder sb = new StringBuilder(lines.size() * 256);
        long tokens = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String id = "null";
            int[] ids = new int[0];
            if (!line.isBlank()) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(o.input() + " line " + (firstLine + i) + ": invalid JSON", e);
                }
                try {
                    ids = tokenizer.encode(JsonlFiles.text(node, o.textField()), o.addSpecialTokens());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(o.input() + " line " + (firstLine + i) + ": " + e.getMessage(), e);
                }
                JsonNode idNode = node.get("id");
                if (idNode != null) {
                    try {
                        id = JSON.writeValueAsString(idNode);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            sb.append("{\"id\": ").append(id).append(", \"ids\": [");
            for (int k = 0; k < ids.length; k++) {
                if (k > 0) {
                    sb.append(", ");
                }
                sb.append(ids[k]);
            }
            sb.append("]}\n");
            tokens += ids.length;
        }
        return new Batch(sb.toString(), tokens);
    }
}
