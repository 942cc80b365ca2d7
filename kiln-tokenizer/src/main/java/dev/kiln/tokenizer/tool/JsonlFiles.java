package dev.kiln.tokenizer.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSON-lines files, zstd-compressed when the name ends in .zst. */
public final class JsonlFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlFiles() {}

    public static BufferedReader reader(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.toString().endsWith(".zst")) {
            in = new ZstdInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    public static Writer writer(Path path) throws IOException {
        OutputStream out = Files.newOutputStream(path);
        if (path.toString().endsWith(".zst")) {
            out = new ZstdOutputStream(out, 3);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The text field of a line: field, else "html" when field is the default "text" and absent. */
    public static String text(JsonNode line, String field) {
        JsonNode t = line.get(field);
        if ((t == null || t.isNull()) && field.equals("text")) {
            t = line.get("html");
        }
        if (t == null || t.isNull()) {
            throw new IllegalArgumentException("line has no \"" + field + "\" field: "
                    + abbreviate(line.toString()));
        }
        return t.asText();
    }

    /** Texts from the first lines of path, until their UTF-8 size reaches maxBytes. */
    public static List<String> readTexts(Path path, String field, long maxBytes) throws IOException {
        List<String> texts = new ArrayList<>();
        long bytes = 0;
        try (BufferedReader in = reader(path)) {
            String line;
            while (bytes < maxBytes && (line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String text = text(JSON.readTree(line), field);
                texts.add(text);
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return texts;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
