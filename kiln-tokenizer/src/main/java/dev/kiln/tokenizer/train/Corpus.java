package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.text.Utf8;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Training or evaluation text streamed from files: JSON lines ({@code text}, or {@code html};
 * {@code id}, {@code lang}, {@code domain} when present), zstd-compressed when named .zst; any
 * other file is one document. A slice keeps a deterministic 10% test part (by a hash of the id)
 * out of training, or selects it for held-out evaluation.
 */
public final class Corpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One document; lang and domain are "" when the line has none. */
    public record Doc(String id, String text, String lang, String domain) {}

    /** Which documents to read: all, the 90% train part, or the 10% test part. */
    public enum Slice {
        ALL, TRAIN, TEST;

        boolean keeps(String id) {
            return this == ALL || (this == TEST) == isTest(id);
        }
    }

    private final List<Path> files;
    private final Slice slice;
    private final long maxBytes;

    /** maxBytes: stop after this many UTF-8 bytes of kept text (Long.MAX_VALUE for all). */
    public Corpus(List<Path> files, Slice slice, long maxBytes) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input files");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("input file not found: " + f);
            }
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.files = List.copyOf(files);
        this.slice = Objects.requireNonNull(slice, "slice");
        this.maxBytes = maxBytes;
    }

    /** Whether a document id falls in the 10% test part: a fixed hash, stable across runs and JVMs. */
    public static boolean isTest(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return Long.remainderUnsigned(h ^ (h >>> 29), 10) == 0;
    }

    /** Total size of the input files on disk (compressed when they are): the progress total. */
    public long fileBytes() {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    /** Streams the kept documents in file order; progress receives file bytes read so far. */
    public void forEach(Consumer<Doc> sink, LongConsumer progress) {
        long[] done = {0};
        long[] textBytes = {0};
        for (Path f : files) {
            long before = done[0];
            try (InputStream raw = new FilterInputStream(Files.newInputStream(f)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        done[0] += n;
                        progress.accept(done[0]);
                    }
                    return n;
                }
            }) {
                InputStream in = f.toString().endsWith(".zst") ? new ZstdInputStream(raw) : raw;
                String name = f.getFileName().toString();
                if (name.endsWith(".jsonl") || name.endsWith(".jsonl.zst")) {
                    if (!readJsonl(in, f, sink, textBytes)) {
                        return;
                    }
                } else {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (slice.keeps(name)) {
                        sink.accept(new Doc(name, text, "", ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
            done[0] = before + fileSize(f);
        }
    }

    private boolean readJsonl(InputStream in, Path f, Consumer<Doc> sink, long[] textBytes) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        for (int n = 1; (line = r.readLine()) != null; n++) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String id = node.hasNonNull("id") ? node.get("id").asText() : f.getFileName() + "/" + n;
            if (!slice.keeps(id)) {
                continue;
            }
            JsonNode text = node.hasNonNull("text") ? node.get("text") : node.get("html");
            if (text == null || text.isNull()) {
                throw new IllegalArgumentException(f + " line " + n + " has neither \"text\" nor \"html\"");
            }
            String t = text.asText();
            sink.accept(new Doc(id, t, node.path("lang").asText(""), node.path("domain").asText("")));
            textBytes[0] += utf8Length(t);
            if (textBytes[0] >= maxBytes) {
                return false;
            }
        }
        return true;
    }

    /** The UTF-8 size of s without encoding it. */
    public static int utf8Length(String s) {
        return Utf8.length(s, 0, s.length());
    }

    private static long fileSize(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
