package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compression of tokenizers on a corpus: bytes and characters per token, tokens per 1,000
 * characters and the share of byte-fallback tokens, per language and domain (the documents'
 * {@code lang} and {@code domain} fields) and overall.
 */
public final class TokenizerEval {
    /** Totals of one tokenizer on one language/domain group ("all"/"all" for everything). */
    public record Row(String tokenizer, String lang, String domain, long documents, long bytes, long chars,
                      long tokens, long byteFallbackTokens) {
        public double bytesPerToken() {
            return tokens == 0 ? 0 : (double) bytes / tokens;
        }

        public double charsPerToken() {
            return tokens == 0 ? 0 : (double) chars / tokens;
        }

        public double tokensPerKiloChar() {
            return chars == 0 ? 0 : 1000.0 * tokens / chars;
        }

        public double byteFallbackRate() {
            return tokens == 0 ? 0 : (double) byteFallbackTokens / tokens;
        }
    }

    private TokenizerEval() {}

    /**
     * Loads tokenizer.json files named for the rows: each spec is NAME=PATH or a PATH, named after
     * its parent directory. Two tokenizers with one name are an error.
     */
    public static Map<String, Tokenizer> load(List<String> specs) {
        Map<String, Tokenizer> toks = new LinkedHashMap<>();
        for (String t : specs) {
            int eq = t.indexOf('=');
            Path path = Path.of(eq < 0 ? t : t.substring(eq + 1));
            String name = eq < 0 ? String.valueOf(path.toAbsolutePath().getParent().getFileName()) : t.substring(0, eq);
            if (toks.putIfAbsent(name, Tokenizer.fromFile(path)) != null) {
                throw new IllegalArgumentException("two tokenizers named " + name + ": name them with NAME=PATH");
            }
        }
        return toks;
    }

    /** Encodes every document with each tokenizer (name -> tokenizer, in the order given). */
    public static List<Row> evaluate(Map<String, Tokenizer> tokenizers, Corpus corpus, TokenizerTrainer.Progress progress) {
        Map<String, boolean[]> fallback = new LinkedHashMap<>();
        tokenizers.forEach((name, tok) -> {
            boolean[] isByte = new boolean[tok.vocabSize()];
            for (int id = 0; id < isByte.length; id++) {
                String t = tok.tokenOf(id).orElse("");
                isByte[id] = t.length() == 6 && t.startsWith("<0x") && t.endsWith(">");
            }
            fallback.put(name, isByte);
        });
        // per tokenizer, per "lang\tdomain": documents, bytes, chars, tokens, byte-fallback tokens
        Map<String, Map<String, long[]>> sums = new LinkedHashMap<>();
        tokenizers.keySet().forEach(name -> sums.put(name, new TreeMap<>()));
        long total = corpus.fileBytes();
        corpus.forEach(doc -> {
            long bytes = Corpus.utf8Length(doc.text());
            long chars = doc.text().codePointCount(0, doc.text().length());
            String group = (doc.lang().isEmpty() ? "-" : doc.lang()) + "\t" + (doc.domain().isEmpty() ? "-" : doc.domain());
            tokenizers.forEach((name, tok) -> {
                int[] ids = tok.encode(doc.text());
                boolean[] isByte = fallback.get(name);
                long fb = 0;
                for (int id : ids) {
                    if (id < isByte.length && isByte[id]) {
                        fb++;
                    }
                }
                for (String key : List.of(group, "all\tall")) {
                    long[] s = sums.get(name).computeIfAbsent(key, k -> new long[5]);
                    s[0]++;
                    s[1] += bytes;
                    s[2] += chars;
                    s[3] += ids.length;
                    s[4] += fb;
                }
            });
        }, done -> progress.update("encoding", done, total));
        List<Row> rows = new ArrayList<>();
        sums.forEach((name, groups) -> groups.forEach((key, s) -> {
            String[] ld = key.split("\t");
            rows.add(new Row(name, ld[0], ld[1], s[0], s[1], s[2], s[3], s[4]));
        }));
        return rows;
    }

    /** A plain-text table, one line per row. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %-12s %8s %12s %12s %7s %7s %8s %7s%n",
                "tokenizer", "lang", "domain", "docs", "chars", "tokens", "B/tok", "ch/tok", "tok/1kch", "bytefb"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-24s %-10s %-12s %8d %12d %12d %7.3f %7.3f %8.1f %6.2f%%%n",
                    r.tokenizer(), r.lang(), r.domain(), r.documents(), r.chars(), r.tokens(), r.bytesPerToken(),
                    r.charsPerToken(), r.tokensPerKiloChar(), 100 * r.byteFallbackRate()));
        }
        return sb.toString();
    }

    public static ArrayNode json(List<Row> rows) {
        ArrayNode list = Pipelines.JSON.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = list.addObject().put("tokenizer", r.tokenizer()).put("lang", r.lang()).put("domain", r.domain())
                    .put("documents", r.documents()).put("bytes", r.bytes()).put("chars", r.chars()).put("tokens", r.tokens())
                    .put("byte_fallback_tokens", r.byteFallbackTokens());
            o.put("bytes_per_token", round(r.bytesPerToken())).put("chars_per_token", round(r.charsPerToken()))
                    .put("tokens_per_1000_chars", round(r.tokensPerKiloChar())).put("byte_fallback_rate", round(r.byteFallbackRate()));
        }
        return list;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
