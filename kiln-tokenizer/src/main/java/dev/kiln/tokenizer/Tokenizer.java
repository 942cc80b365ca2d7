package dev.kiln.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.text.IntList;
import dev.kiln.tokenizer.decoder.Decoder;
import dev.kiln.tokenizer.decoder.Decoders;
import dev.kiln.tokenizer.model.Model;
import dev.kiln.tokenizer.model.ModelJson;
import dev.kiln.tokenizer.model.Models;
import dev.kiln.tokenizer.normalizer.Normalizer;
import dev.kiln.tokenizer.normalizer.Normalizers;
import dev.kiln.tokenizer.pretokenizer.PreTokenizer;
import dev.kiln.tokenizer.pretokenizer.PreTokenizers;
import dev.kiln.tokenizer.processor.PostProcessor;
import dev.kiln.tokenizer.processor.PostProcessors;
import dev.kiln.tokenizer.text.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer that produces the same ids as the Rust
 * {@code tokenizers} library. Immutable and thread-safe.
 *
 * <pre>{@code
 * Tokenizer tok = Tokenizer.fromFile(Path.of("llama3/tokenizer.json"));
 * int[] ids = tok.encode("Hello world");          // no special tokens added
 * int[] withBos = tok.encode("Hello world", true); // as the post-processor says, e.g. <|begin_of_text|>
 * String text = tok.decode(ids);
 * }</pre>
 *
 * <p>Added tokens that appear in the text (e.g. {@code <|endoftext|>}) become their ids, as in
 * Hugging Face. The "truncation" and "padding" sections are ignored: whole documents are encoded.
 */
public final class Tokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    // 128k vocabulary keys are field names: interning them would cost more than the rest of the load
    private static final JsonFactory PARSER_FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build().setCodec(JSON);

    private final Normalizer normalizer;       // null when absent
    private final PreTokenizer preTokenizer;   // null when absent
    private final Model model;
    private final PostProcessor postProcessor; // null when absent
    private final Decoder decoder;             // null when absent
    private final AddedTokenMatcher rawTokens;
    private final AddedTokenMatcher normalizedTokens;
    private final Map<Integer, AddedToken> addedById;
    private final Set<String> specialContents;

    private Tokenizer(JsonNode root, ModelJson modelJson, String source) {
        normalizer = section(root, "normalizer", source, Normalizers::fromJson);
        preTokenizer = section(root, "pre_tokenizer", source, PreTokenizers::fromJson);
        model = Models.fromJson(modelJson, preTokenizer != null && preTokenizer.byteLevel());
        postProcessor = section(root, "post_processor", source, PostProcessors::fromJson);
        decoder = section(root, "decoder", source, Decoders::fromJson);

        List<AddedToken> added = readAddedTokens(root, source);
        Map<Integer, AddedToken> byId = new HashMap<>();
        Set<String> special = new HashSet<>();
        List<AddedToken> raw = new ArrayList<>();
        List<AddedToken> normalized = new ArrayList<>();
        List<String> normalizedPatterns = new ArrayList<>();
        // HF orders special tokens first; on equal contents the first one wins
        added.sort((a, b) -> Boolean.compare(b.special(), a.special()));
        for (AddedToken t : added) {
            byId.putIfAbsent(t.id(), t);
            if (t.special()) {
                special.add(t.content());
            }
            if (t.normalized()) {
                normalized.add(t);
                normalizedPatterns.add(normalizer == null ? t.content() : normalizer.normalize(t.content()));
            } else {
                raw.add(t);
            }
        }
        rawTokens = new AddedTokenMatcher(raw, raw.stream().map(AddedToken::content).toList());
        normalizedTokens = new AddedTokenMatcher(normalized, normalizedPatterns);
        addedById = Collections.unmodifiableMap(byId);
        specialContents = Collections.unmodifiableSet(special);
    }

    private interface Factory<T> {
        T build(Json json);
    }

    private static <T> T section(JsonNode root, String field, String source, Factory<T> factory) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : factory.build(new Json(node, field.replace('_', '-'), source));
    }

    private List<AddedToken> readAddedTokens(JsonNode root, String source) {
        List<AddedToken> out = new ArrayList<>();
        JsonNode list = root.get("added_tokens");
        if (list == null || list.isNull()) {
            return out;
        }
        for (JsonNode node : list) {
            Json t = new Json(node, "added token", source);
            String content = t.string("content");
            if (content.isEmpty()) {
                continue; // HF ignores empty added tokens
            }
            // HF keeps the model's id for a content the model knows
            int id = model.tokenToId(content);
            out.add(new AddedToken(id >= 0 ? id : t.get("id").asInt(), content, t.bool("special", false),
                    t.bool("lstrip", false), t.bool("rstrip", false), t.bool("normalized", !t.bool("special", false)),
                    t.bool("single_word", false)));
        }
        return out;
    }

    /** Loads a tokenizer.json file; throws {@link TokenizerException} naming any unsupported part. */
    public static Tokenizer fromFile(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return fromStream(in, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Loads tokenizer.json content; sourceName appears in error messages. */
    public static Tokenizer fromStream(InputStream in, String sourceName) {
        // streamed: the model's vocabulary and merges skip the JSON tree (see ModelJson)
        ObjectNode root = JSON.createObjectNode();
        ModelJson modelJson = null;
        try (JsonParser p = PARSER_FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerException("not a tokenizer.json (not a JSON object): " + sourceName);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT && field.equals("model")) {
                    modelJson = ModelJson.read(p, JSON, sourceName);
                } else {
                    root.set(field, p.readValueAsTree());
                }
            }
        } catch (IOException e) {
            throw new TokenizerException("not a tokenizer.json (invalid JSON): " + sourceName, e);
        }
        if (modelJson == null) {
            throw new TokenizerException("no \"model\" in " + sourceName);
        }
        return new Tokenizer(root, modelJson, sourceName);
    }

    /** The ids of text, without the post-processor's special tokens (BOS/EOS...). */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** The ids of text; addSpecialTokens applies the post-processor, as HF's add_special_tokens. */
    public int[] encode(String text, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        IntList out = new IntList(Math.max(16, text.length() / 3));
        Model.PieceEncoder pieces = model.encoderForThread();
        walk(text, (t, s, e, span) -> pieces.encode(t, s, e, out), out::add);
        int[] ids = out.toArray();
        return addSpecialTokens && postProcessor != null ? postProcessor.addSpecialTokens(ids) : ids;
    }

    /**
     * Hands sink the pieces the model would encode for text, in order: what is left after added
     * tokens are split out, normalized and pre-tokenized. With a ByteLevel step ({@link #byteLevel()})
     * a piece stands for its UTF-8 bytes. Trainers count these so a trained file's pipeline matches.
     */
    public void preTokenize(String text, Consumer<String> sink) {
        Objects.requireNonNull(text, "text");
        walk(text, (t, s, e, span) -> sink.accept(t.substring(s, e)), id -> { });
    }

    /**
     * The encoding pipeline up to the model, in text order: added tokens found in the raw text, then
     * in the normalized text, go to addedTokens; the rest is normalized and pre-tokenized into pieces.
     */
    private void walk(String text, PreTokenizer.PieceSink pieces, IntConsumer addedTokens) {
        rawTokens.split(text, (start, end, token) -> {
            if (token != null) {
                addedTokens.accept(token.id());
                return;
            }
            String segment = text.substring(start, end);
            String normalized = normalizer == null ? segment : normalizer.normalize(segment);
            int span = start == 0 ? startSpan(segment) : 0;
            if (normalizedTokens.isEmpty()) {
                preTokenize(normalized, span, pieces);
                return;
            }
            normalizedTokens.split(normalized, (s, e, t) -> {
                if (t != null) {
                    addedTokens.accept(t.id());
                } else {
                    preTokenize(normalized.substring(s, e), PreTokenizer.spanAt(span, s), pieces);
                }
            });
        });
    }

    /** Whether the pre-tokenizer has a ByteLevel step, so pieces stand for their UTF-8 bytes. */
    public boolean byteLevel() {
        return preTokenizer != null && preTokenizer.byteLevel();
    }

    /**
     * How many leading chars of the normalized text map to offset 0 of the input: what the first
     * character normalizes to (with anything a Prepend adds). Exact for per-character normalizers,
     * which is what Metaspace's "first" scheme meets in practice.
     */
    private int startSpan(String segment) {
        if (normalizer == null) {
            return 1;
        }
        int first = Character.charCount(segment.codePointAt(0));
        return normalizer.normalize(segment.substring(0, first)).length();
    }

    private void preTokenize(String text, int startSpan, PreTokenizer.PieceSink sink) {
        if (text.isEmpty()) {
            return;
        }
        if (preTokenizer == null) {
            sink.piece(text, 0, text.length(), startSpan);
        } else {
            preTokenizer.preTokenize(text, startSpan, sink);
        }
    }

    /**
     * Encodes texts on up to {@code threads} threads; result i is {@code encode(texts.get(i), addSpecialTokens)}.
     */
    public List<int[]> encodeBatch(List<String> texts, int threads, boolean addSpecialTokens) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int[][] results = new int[texts.size()][];
        if (threads == 1 || texts.size() < 2) {
            for (int i = 0; i < results.length; i++) {
                results[i] = encode(texts.get(i), addSpecialTokens);
            }
            return List.of(results);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kiln-tokenize");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < results.length; ) {
                        results[i] = encode(texts.get(i), addSpecialTokens);
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("encoding failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(results);
    }

    /** {@link #encodeBatch(List, int, boolean)} without special tokens. */
    public List<int[]> encodeBatch(List<String> texts, int threads) {
        return encodeBatch(texts, threads, false);
    }

    /** The text of ids, special tokens included. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** The text of ids, as HF's decode: tokens joined by the decoder, or by spaces without one. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            AddedToken added = addedById.get(id);
            String token = added != null ? added.content() : model.idToToken(id);
            if (token != null && !(skipSpecialTokens && specialContents.contains(token))) {
                tokens.add(token);
            }
        }
        return decoder == null ? String.join(" ", tokens) : String.join("", decoder.decodeChain(tokens));
    }

    /** The id of a token string (added tokens first, then the model's vocabulary). */
    public OptionalInt idOf(String token) {
        for (AddedToken t : addedById.values()) {
            if (t.content().equals(token)) {
                return OptionalInt.of(t.id());
            }
        }
        int id = model.tokenToId(token);
        return id >= 0 ? OptionalInt.of(id) : OptionalInt.empty();
    }

    /** The token string of an id. */
    public Optional<String> tokenOf(int id) {
        AddedToken added = addedById.get(id);
        return Optional.ofNullable(added != null ? added.content() : model.idToToken(id));
    }

    /** Number of ids: the model's vocabulary and the added tokens beyond it. */
    public int vocabSize() {
        int max = model.vocabSize();
        for (int id : addedById.keySet()) {
            max = Math.max(max, id + 1);
        }
        return max;
    }

    /** The added tokens, in id order. */
    public List<AddedToken> addedTokens() {
        return addedById.values().stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
    }
}
