package dev.kiln.tokenizer.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.tokenizer.normalizer.Replace;
import dev.kiln.tokenizer.text.ByteLevelAlphabet;
import dev.kiln.tokenizer.text.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds decoders from tokenizer.json, keyed by "type". */
public final class Decoders {
    private Decoders() {}

    public static Decoder fromJson(Json json) {
        String type = json.type();
        return switch (type) {
            case "ByteLevel" -> Decoders::byteLevel;
            case "Metaspace" -> metaspace(json);
            case "ByteFallback" -> Decoders::byteFallback;
            case "Fuse" -> tokens -> List.of(String.join("", tokens));
            case "Strip" -> strip(json.codePoint("content"), json.integer("start", 0), json.integer("stop", 0));
            case "Replace" -> {
                Replace replace = Replace.fromJson(json);
                yield tokens -> tokens.stream().map(replace::normalize).toList();
            }
            case "WordPiece" -> wordPiece(json.string("prefix", "##"), json.bool("cleanup", true));
            case "BPEDecoder" -> bpe(json.string("suffix", "</w>"));
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonNode child : json.get("decoders")) {
                    steps.add(fromJson(json.child(child, "decoder")));
                }
                yield tokens -> {
                    for (Decoder step : steps) {
                        tokens = step.decodeChain(tokens);
                    }
                    return tokens;
                };
            }
            default -> throw json.unsupported(type);
        };
    }

    /** Byte-level characters back to bytes (tokens outside the alphabet as their UTF-8), read lossily. */
    private static List<String> byteLevel(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String token : tokens) {
            byte[] b = ByteLevelAlphabet.decode(token);
            bytes.writeBytes(b != null ? b : token.getBytes(StandardCharsets.UTF_8));
        }
        return List.of(Utf8Lossy.decode(bytes.toByteArray()));
    }

    private static Decoder metaspace(Json json) {
        int replacement = json.codePoint("replacement");
        String scheme = json.string("prepend_scheme", "always");
        boolean never = scheme.equals("never") || (json.has("add_prefix_space") && !json.get("add_prefix_space").asBoolean());
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                StringBuilder sb = new StringBuilder();
                String token = tokens.get(i);
                for (int k = 0; k < token.length(); ) {
                    int cp = token.codePointAt(k);
                    if (cp != replacement) {
                        sb.appendCodePoint(cp);
                    } else if (i != 0 || never) {
                        sb.append(' ');
                    }
                    k += Character.charCount(cp);
                }
                out.add(sb.toString());
            }
            return out;
        };
    }

    /** Runs of <0xXX> tokens become their UTF-8 text, or one U+FFFD per byte when invalid. */
    private static List<String> byteFallback(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (String token : tokens) {
            int b = byteToken(token);
            if (b >= 0) {
                run.write(b);
                continue;
            }
            flushBytes(run, out);
            out.add(token);
        }
        flushBytes(run, out);
        return out;
    }

    private static int byteToken(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(token.charAt(3), 16);
        int lo = Character.digit(token.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static void flushBytes(ByteArrayOutputStream run, List<String> out) {
        if (run.size() == 0) {
            return;
        }
        byte[] bytes = run.toByteArray();
        try {
            out.add(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            for (int i = 0; i < bytes.length; i++) {
                out.add("\uFFFD");
            }
        }
        run.reset();
    }

    private static Decoder strip(int content, int start, int stop) {
        return tokens -> tokens.stream().map(token -> {
            int[] cps = token.codePoints().toArray();
            int from = 0;
            for (int i = 0; i < Math.min(start, cps.length) && cps[i] == content; i++) {
                from = i + 1;
            }
            int to = cps.length;
            for (int i = 0; i < stop && cps.length - i - 1 >= 0 && cps[cps.length - i - 1] == content; i++) {
                to = cps.length - i - 1;
            }
            return to <= from ? "" : new String(cps, from, to - from);
        }).toList();
    }

    private static Decoder wordPiece(String prefix, boolean cleanup) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                if (i != 0) {
                    token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
                }
                out.add(cleanup ? cleanup(token) : token);
            }
            return out;
        };
    }

    private static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }

    private static Decoder bpe(String suffix) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
            }
            return out;
        };
    }
}
