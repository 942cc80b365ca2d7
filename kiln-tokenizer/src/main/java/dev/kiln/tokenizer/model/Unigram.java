package dev.kiln.tokenizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.text.IntList;
import dev.kiln.text.LongLongMap;
import dev.kiln.tokenizer.text.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece's unigram model: the Viterbi path of highest total score over a lattice of
 * vocabulary matches, with HF's tie-breaking (first candidate wins), unknown runs fused into one
 * piece, then byte_fallback or unk for pieces outside the vocabulary.
 */
final class Unigram implements Model {
    private static final double UNK_PENALTY = 10.0;

    private final String[] tokens;
    private final double[] scores;
    private final Map<String, Integer> ids;
    private final int unkId;
    private final boolean byteFallback;
    private final double unkScore;
    private final int[] byteFallbackIds = new int[256];
    /** Trie over UTF-16 chars: (node << 16 | char) -> child node; terminal[node] = token id or -1. */
    private final LongLongMap edges;
    private final int[] terminal;

    Unigram(Json json) {
        JsonNode vocab = json.get("vocab");
        int n = vocab.size();
        tokens = new String[n];
        scores = new double[n];
        ids = new HashMap<>(n * 2);
        double min = Double.POSITIVE_INFINITY;
        int chars = 0;
        for (int i = 0; i < n; i++) {
            JsonNode entry = vocab.get(i);
            if (!entry.isArray() || entry.size() != 2) {
                throw json.error("has a vocab entry that is not [token, score]: " + entry);
            }
            tokens[i] = entry.get(0).asText();
            scores[i] = entry.get(1).asDouble();
            ids.put(tokens[i], i);
            min = Math.min(min, scores[i]);
            chars += tokens[i].length();
        }
        unkScore = min - UNK_PENALTY;
        unkId = json.has("unk_id") ? json.get("unk_id").asInt() : -1;
        if (unkId >= n) {
            throw json.error("has unk_id " + unkId + " outside the vocabulary");
        }
        byteFallback = json.bool("byte_fallback", false);
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.format("<0x%02X>", b));
            byteFallbackIds[b] = id == null ? -1 : id;
        }
        edges = new LongLongMap(chars + 1);
        List<Integer> term = new ArrayList<>(chars + 1);
        term.add(-1);
        for (int i = 0; i < n; i++) {
            int node = 0;
            for (int k = 0; k < tokens[i].length(); k++) {
                long key = ((long) node << 16) | tokens[i].charAt(k);
                long child = edges.get(key);
                if (child < 0) {
                    child = term.size();
                    term.add(-1);
                    edges.put(key, child);
                }
                node = (int) child;
            }
            if (node != 0) {
                term.set(node, ids.get(tokens[i]));
            }
        }
        terminal = term.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void encode(String text, int start, int end, IntList out) {
        int size = end - start;
        if (size <= 0) {
            return;
        }
        double[] best = new double[size + 1];
        int[] from = new int[size + 1];
        int[] id = new int[size + 1];
        java.util.Arrays.fill(from, -1);
        for (int at = 0; at < size; at++) {
            if (at > 0 && from[at] < 0) {
                continue; // unreachable (inside a surrogate pair)
            }
            double here = best[at];
            int cpLen = Character.charCount(text.codePointAt(start + at));
            boolean single = false;
            int node = 0;
            for (int k = at; k < size; k++) {
                long child = edges.get(((long) node << 16) | text.charAt(start + k));
                if (child < 0) {
                    break;
                }
                node = (int) child;
                int tok = terminal[node];
                if (tok >= 0) {
                    int to = k + 1;
                    double score = here + scores[tok];
                    if (from[to] < 0 || score > best[to]) {
                        best[to] = score;
                        from[to] = at;
                        id[to] = tok;
                    }
                    single |= to - at == cpLen;
                }
            }
            if (!single) {
                if (unkId < 0) {
                    throw new IllegalStateException("Unigram needs unk_id for \"" + text.substring(start + at, start + at + cpLen) + "\"");
                }
                int to = at + cpLen;
                double score = here + unkScore;
                if (from[to] < 0 || score > best[to]) {
                    best[to] = score;
                    from[to] = at;
                    id[to] = unkId;
                }
            }
        }
        // walk back, fusing runs of unknowns into one piece
        List<int[]> pieces = new ArrayList<>();
        int to = size;
        int unkEnd = -1;
        while (to > 0) {
            int at = from[to];
            boolean unk = id[to] == unkId;
            if (unk) {
                if (unkEnd < 0) {
                    unkEnd = to;
                }
            } else {
                if (unkEnd >= 0) {
                    pieces.add(new int[] {to, unkEnd});
                    unkEnd = -1;
                }
                pieces.add(new int[] {at, to});
            }
            to = at;
        }
        if (unkEnd >= 0) {
            pieces.add(new int[] {0, unkEnd});
        }
        for (int p = pieces.size() - 1; p >= 0; p--) {
            String piece = text.substring(start + pieces.get(p)[0], start + pieces.get(p)[1]);
            Integer known = ids.get(piece);
            if (known != null) {
                out.add(known);
            } else if (!byteFallback || !addBytes(piece, out)) {
                out.add(unkId);
            }
        }
    }

    private boolean addBytes(String piece, IntList out) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteFallbackIds[b & 0xFF] < 0) {
                return false;
            }
        }
        for (byte b : bytes) {
            out.add(byteFallbackIds[b & 0xFF]);
        }
        return true;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    @Override
    public int vocabSize() {
        return tokens.length;
    }
}
