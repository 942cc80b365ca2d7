package dev.kiln.bench.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The tokenizers Kiln is compared with: Hugging Face's Rust library (through DJL) and jtokkit. */
public final class References {
    private References() {}

    /** "hf" or "jtokkit:ENCODING" (cl100k_base, o200k_base, ...). */
    public static Encoder create(String reference, Path tokenizerJson) {
        if (reference.equals("hf")) {
            return huggingFace(tokenizerJson);
        }
        if (reference.startsWith("jtokkit:")) {
            String name = reference.substring("jtokkit:".length());
            EncodingType type = EncodingType.fromName(name).orElseThrow(() ->
                    new IllegalArgumentException("unknown jtokkit encoding \"" + name + "\""));
            return jtokkit(reference, Encodings.newDefaultEncodingRegistry().getEncoding(type));
        }
        throw new IllegalArgumentException("unknown reference \"" + reference + "\" (expected hf or jtokkit:ENCODING)");
    }

    /** Hugging Face's tokenizer for a file, set to encode whole documents (no truncation, no padding). */
    static HuggingFaceTokenizer openHuggingFace(Path tokenizerJson) {
        try {
            return HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Encoder huggingFace(Path tokenizerJson) {
        HuggingFaceTokenizer hf = openHuggingFace(tokenizerJson);
        return new Encoder() {
            @Override
            public String name() {
                return "hf";
            }

            @Override
            public int encode(String text) {
                return hf.encode(text, false, false).getIds().length;
            }

            @Override
            public void close() {
                hf.close();
            }
        };
    }

    private static Encoder jtokkit(String name, Encoding encoding) {
        return new Encoder() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int encode(String text) {
                return encoding.encodeOrdinary(text).size();
            }
        };
    }
}
