package dev.kiln.tokenizer.model;

import dev.kiln.text.BytesIntMap;
import dev.kiln.text.IntList;
import dev.kiln.text.LongFilter;
import dev.kiln.text.LongLongMap;
import dev.kiln.text.Utf8;
import dev.kiln.tokenizer.text.ByteLevelAlphabet;
import dev.kiln.tokenizer.text.Json;
import java.util.Arrays;

/**
 * Byte-pair encoding with HF's semantics: merges by rank, leftmost first on ties; byte_fallback,
 * unk fusing, continuing_subword_prefix / end_of_word_suffix and ignore_merges.
 *
 * <p>Byte-level vocabularies are looked up by UTF-8 bytes (no remapped strings are built), and a
 * piece that is itself a token is answered with one lookup when the merges are known to produce
 * it. Merging uses a linear scan over the pairs' ranks for short pieces and a heap over a linked
 * list for long ones; both give the same result as HF's heap. A Bloom filter answers most
 * "is this pair a merge?" questions without touching the merge table.
 */
final class Bpe extends VocabModel {
    private static final int SCAN_LIMIT = 96;
    /** Pieces up to this many bytes or chars have their merge results cached per thread, as HF does. */
    private static final int CACHEABLE = 64;
    private static final int MERGE_FILTER_BITS = 8;

    private final LongLongMap merges; // (left id << 32 | right id) -> (rank << 32 | merged id)
    /** The merges' keys: most pairs text asks about are absent, and the map is too big to stay cached. */
    private final LongFilter mergeKeys;
    private final String prefix;      // continuing_subword_prefix, null when absent
    private final String suffix;      // end_of_word_suffix, null when absent
    private final boolean byteFallback;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final int unkId;
    private final int[] byteFallbackIds = new int[256];

    /** Byte mode: pieces are UTF-8 bytes of a byte-level vocabulary. */
    private final boolean byteMode;
    private final BytesIntMap byteVocab;
    private final int[] byteIds = new int[256];
    /** Per token: 0 unknown yet, 1 the merges rebuild it from its bytes, 2 they don't. */
    private final byte[] reachable;

    /** Char mode without affixes: ids of single-character BMP tokens (-1 when absent). */
    private final int[] charIds;
    /** Cut pieces before each '▁' that follows another character (see {@link #wordStartCut}). */
    private final boolean cutAtWordStart;

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private Bpe(ModelJson model, boolean byteLevel) {
        super(model.vocab());
        Json json = model.fields;
        prefix = json.string("continuing_subword_prefix", null);
        suffix = json.string("end_of_word_suffix", null);
        byteFallback = json.bool("byte_fallback", false);
        fuseUnk = json.bool("fuse_unk", false);
        ignoreMerges = json.bool("ignore_merges", false);
        if (json.has("dropout") && json.get("dropout").asDouble() > 0) {
            throw json.error("has dropout " + json.get("dropout").asDouble() + " (unsupported: encoding would not be deterministic)");
        }
        String unk = json.string("unk_token", null);
        unkId = unk == null ? -1 : vocab.id(unk);
        if (unk != null && unkId < 0) {
            throw json.error("has unk_token \"" + unk + "\" that is not in the vocabulary");
        }
        for (int b = 0; b < 256; b++) {
            byteFallbackIds[b] = vocab.id(String.format("<0x%02X>", b));
        }
        merges = readMerges(json, model.merges());
        mergeKeys = new LongFilter(model.merges().size, MERGE_FILTER_BITS);
        merges.forEachKey(mergeKeys::add);

        boolean affixes = (prefix != null && !prefix.isEmpty()) || (suffix != null && !suffix.isEmpty());
        if (byteLevel && !affixes) {
            byteVocab = new BytesIntMap(vocab.ids.size());
            vocab.ids.forEach((token, id) -> {
                byte[] bytes = ByteLevelAlphabet.decode(token);
                if (bytes != null) {
                    byteVocab.putIfAbsent(bytes, id);
                }
            });
            boolean all = true;
            for (int b = 0; b < 256; b++) {
                byteIds[b] = byteVocab.get(new byte[] {(byte) b}, 0, 1);
                all &= byteIds[b] >= 0;
            }
            byteMode = all;
        } else {
            byteVocab = null;
            byteMode = false;
        }
        reachable = new byte[vocab.size()];
        if (!byteMode && !affixes) {
            charIds = new int[0x10000];
            Arrays.fill(charIds, -1);
            vocab.ids.forEach((token, id) -> {
                if (token.length() == 1) {
                    charIds[token.charAt(0)] = id;
                }
            });
        } else {
            charIds = null;
        }
        cutAtWordStart = !byteLevel && wordStartCut();
    }

    /**
     * A model for the "BPE" JSON. When byteLevel, pieces stand for their UTF-8 bytes; a vocabulary
     * this class cannot look up by bytes gets its pieces remapped to byte-level strings instead.
     */
    static Model fromJson(ModelJson model, boolean byteLevel) {
        Bpe bpe = new Bpe(model, byteLevel);
        return byteLevel && !bpe.byteMode ? new ByteLevelAdapter(bpe) : bpe;
    }

    private LongLongMap readMerges(Json json, ModelJson.Merges list) {
        LongLongMap map = new LongLongMap(list.size);
        int prefixLength = prefix == null ? 0 : prefix.length();
        for (int rank = 0; rank < list.size; rank++) {
            String line = list.joined[rank];
            int space = list.split[rank];
            int end = line.length();
            int left = requireId(json, line, 0, space, space, space);
            int right = requireId(json, line, space + 1, end, end, end);
            int merged = requireId(json, line, 0, space, Math.min(space + 1 + prefixLength, end), end);
            // a later duplicate of a pair wins, as in HF's map
            map.put(pairKey(left, right), ((long) rank << 32) | merged);
        }
        return map;
    }

    /** The id of s[from1, to1) + s[from2, to2), which must be in the vocabulary. */
    private int requireId(Json json, String s, int from1, int to1, int from2, int to2) {
        int id = vocab.ids.get(s, from1, to1, from2, to2);
        if (id < 0) {
            throw json.error("has merge token \"" + s.substring(from1, to1) + s.substring(from2, to2)
                    + "\" that is not in the vocabulary");
        }
        return id;
    }

    /**
     * SentencePiece-style vocabularies mark word starts with '▁' and never merge across one: when
     * no token holds '▁' after another character, a piece can be cut before every such '▁' and the
     * parts encoded apart with the same result, which keeps a whole Llama-2 document from being one
     * long merge.
     */
    private boolean wordStartCut() {
        if (vocab.id("\u2581") < 0 || (prefix != null && !prefix.isEmpty()) || (suffix != null && !suffix.isEmpty())) {
            return false;
        }
        for (String token : vocab.tokens) {
            for (int i = 1; token != null && i < token.length(); i++) {
                if (token.charAt(i) == '\u2581' && token.charAt(i - 1) != '\u2581') {
                    return false;
                }
            }
        }
        return true;
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    @Override
    public void encode(String text, int start, int end, IntList out) {
        encode(text, start, end, out, scratch.get());
    }

    @Override
    public PieceEncoder encoderForThread() {
        Scratch sc = scratch.get();
        return (text, start, end, out) -> encode(text, start, end, out, sc);
    }

    private void encode(String text, int start, int end, IntList out, Scratch sc) {
        if (start >= end) {
            return;
        }
        int whole;
        if (byteMode) {
            encodeBytes(text, start, end, out, sc);
        } else if (ignoreMerges && (whole = vocab.ids.get(text, start, end)) >= 0) {
            out.add(whole);
        } else if (cutAtWordStart) {
            int from = start;
            for (int i = start + 1; i < end; i++) {
                if (text.charAt(i) == '\u2581' && text.charAt(i - 1) != '\u2581') {
                    encodeWord(text, from, i, out, sc);
                    from = i;
                }
            }
            encodeWord(text, from, end, out, sc);
        } else {
            encodeWord(text, start, end, out, sc);
        }
    }

    private void encodeBytes(String text, int start, int end, IntList out, Scratch sc) {
        long ascii = BytesIntMap.packAscii(text, start, end);
        int whole = ascii != 0 ? byteVocab.get(ascii) : -1;
        if (whole >= 0 && (ignoreMerges || reachable[whole] == 1)) {
            out.add(whole);
            return;
        }
        byte[] bytes = sc.bytes(Utf8.maxBytes(end - start));
        int n = Utf8.encode(text, start, end, bytes);
        if (ascii == 0) {
            whole = byteVocab.get(bytes, 0, n);
        }
        if (whole >= 0 && (ignoreMerges || isReachable(whole, bytes, n, sc))) {
            out.add(whole);
            return;
        }
        int hash = n <= CACHEABLE && !isCjkClause(bytes, n) ? sc.hash(bytes, n) : -1;
        if (hash >= 0 && sc.hit(hash, bytes, n)) {
            sc.addCached(hash, out);
            return;
        }
        int[] ids = sc.ids(n);
        for (int i = 0; i < n; i++) {
            ids[i] = byteIds[bytes[i] & 0xFF];
        }
        int m = merge(ids, n, sc);
        out.addAll(ids, 0, m);
        if (hash >= 0) {
            sc.store(hash, bytes, n, ids, m);
        }
    }

    /**
     * Whether a piece ends in three 3-byte chars (CJK and the like). Such scripts have no spaces,
     * so their pieces are whole clauses that seldom repeat: caching them costs more than it saves.
     */
    private static boolean isCjkClause(byte[] bytes, int n) {
        return n >= 9 && (bytes[n - 3] & 0xF0) == 0xE0 && (bytes[n - 6] & 0xF0) == 0xE0 && (bytes[n - 9] & 0xF0) == 0xE0;
    }

    private boolean isReachable(int id, byte[] bytes, int n, Scratch sc) {
        byte known = reachable[id];
        if (known == 0) {
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = byteIds[bytes[i] & 0xFF];
            }
            int m = merge(ids, n, sc);
            known = m == 1 && ids[0] == id ? (byte) 1 : (byte) 2;
            reachable[id] = known; // a benign race: every thread computes the same value
        }
        return known == 1;
    }

    /** HF's merge_word: one symbol per character (with affixes), unknowns to bytes or unk, then merges. */
    private void encodeWord(String w, int start, int end, IntList out, Scratch sc) {
        // HF's ignore_merges applies to whole pieces only (checked by the caller); a word is exact when reachable
        int whole = vocab.ids.get(w, start, end);
        if (whole >= 0 && isReachable(whole, sc)) {
            out.add(whole);
            return;
        }
        int hash = end - start <= CACHEABLE ? sc.hash(w, start, end) : -1;
        if (hash >= 0 && sc.hit(hash, w, start, end)) {
            sc.addCached(hash, out);
            return;
        }
        int n = mergeWord(w, start, end, sc);
        out.addAll(sc.ids, 0, n);
        if (hash >= 0) {
            sc.store(hash, w, start, end, sc.ids, n);
        }
    }

    /** Whether merging a token's own characters gives back that token (then a whole-word hit is exact). */
    private boolean isReachable(int id, Scratch sc) {
        byte known = reachable[id];
        if (known == 0) {
            String token = vocab.token(id);
            int n = mergeWord(token, 0, token.length(), sc);
            known = n == 1 && sc.ids[0] == id ? (byte) 1 : (byte) 2;
            reachable[id] = known; // a benign race: every thread computes the same value
        }
        return known == 1;
    }

    /** Leaves the ids of w[start, end) in sc.ids and returns their count. */
    private int mergeWord(String w, int start, int end, Scratch sc) {
        int[] ids = sc.ids(4 * (end - start) + 4);
        int n = 0;
        int pendingUnk = -1;
        for (int i = start; i < end; ) {
            int cp = w.codePointAt(i);
            int next = i + Character.charCount(cp);
            int id;
            String symbol = null;
            if (charIds != null) {
                id = cp < 0x10000 ? charIds[cp] : vocab.id(w.substring(i, next));
            } else {
                symbol = (i > start && prefix != null ? prefix : "") + w.substring(i, next)
                        + (next == end && suffix != null ? suffix : "");
                id = vocab.id(symbol);
            }
            if (id >= 0) {
                if (pendingUnk >= 0) {
                    ids[n++] = pendingUnk;
                    pendingUnk = -1;
                }
                ids[n++] = id;
            } else {
                int withBytes = byteFallback ? addFallbackBytes(symbol != null ? symbol : w.substring(i, next), ids, n) : -1;
                if (withBytes >= 0) {
                    n = withBytes; // HF leaves a pending unk in place here: it lands after these bytes
                } else if (unkId >= 0) {
                    if (pendingUnk >= 0 && !fuseUnk) {
                        ids[n++] = pendingUnk;
                    }
                    pendingUnk = unkId;
                }
            }
            i = next;
        }
        if (pendingUnk >= 0) {
            ids[n++] = pendingUnk;
        }
        return merge(ids, n, sc);
    }

    /** Appends the byte tokens of s and returns the new count, or -1 (appending nothing) when one is missing. */
    private int addFallbackBytes(String s, int[] ids, int n) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteFallbackIds[b & 0xFF] < 0) {
                return -1;
            }
        }
        for (byte b : bytes) {
            ids[n++] = byteFallbackIds[b & 0xFF];
        }
        return n;
    }

    /** Applies the merges to ids[0, n) in place; returns the new length. */
    int merge(int[] ids, int n, Scratch sc) {
        if (n < 2) {
            return n;
        }
        return n <= SCAN_LIMIT ? mergeScan(ids, n, sc) : mergeHeap(ids, n, sc);
    }

    /**
     * Per adjacent pair, one long (rank << 32 | merged id), Long.MAX_VALUE for none: the smallest
     * is the next merge, and as distinct pairs have distinct ranks, the first smallest is HF's
     * leftmost on ties.
     */
    private int mergeScan(int[] ids, int n, Scratch sc) {
        long[] pairs = sc.candidates(n);
        for (int i = 0; i < n - 1; i++) {
            pairs[i] = pairAt(ids, i, sc);
        }
        while (true) {
            long best = Long.MAX_VALUE;
            int at = -1;
            for (int i = 0; i < n - 1; i++) {
                if (pairs[i] < best) {
                    best = pairs[i];
                    at = i;
                }
            }
            if (at < 0) {
                return n;
            }
            ids[at] = (int) best;
            System.arraycopy(ids, at + 2, ids, at + 1, n - at - 2);
            if (n - at - 3 > 0) {
                System.arraycopy(pairs, at + 2, pairs, at + 1, n - at - 3);
            }
            n--;
            if (at > 0) {
                pairs[at - 1] = pairAt(ids, at - 1, sc);
            }
            if (at < n - 1) {
                pairs[at] = pairAt(ids, at, sc);
            }
        }
    }

    private long pairAt(int[] ids, int i, Scratch sc) {
        long v = sc.merge(this, pairKey(ids[i], ids[i + 1]));
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** HF's algorithm for long pieces: a min-heap of (rank, position) over a linked list. */
    private int mergeHeap(int[] ids, int n, Scratch sc) {
        int[] next = new int[n];
        int[] prev = new int[n];
        boolean[] removed = new boolean[n];
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        for (int i = 0; i < n - 1; i++) {
            long v = sc.merge(this, pairKey(ids[i], ids[i + 1]));
            if (v >= 0) {
                heap.push(((v >>> 32) << 32) | i);
            }
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int pos = (int) top;
            int rank = (int) (top >>> 32);
            if (removed[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            long v = sc.merge(this, pairKey(ids[pos], ids[right]));
            if (v < 0 || (int) (v >>> 32) != rank) {
                continue; // stale: this pair changed since it was queued
            }
            ids[pos] = (int) v;
            removed[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = pos;
            }
            if (prev[pos] >= 0) {
                long p = sc.merge(this, pairKey(ids[prev[pos]], ids[pos]));
                if (p >= 0) {
                    heap.push(((p >>> 32) << 32) | prev[pos]);
                }
            }
            if (next[pos] >= 0) {
                long q = sc.merge(this, pairKey(ids[pos], ids[next[pos]]));
                if (q >= 0) {
                    heap.push(((q >>> 32) << 32) | pos);
                }
            }
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!removed[i]) {
                ids[m++] = ids[i];
            }
        }
        return m;
    }

    /** Reusable per-thread buffers, and a direct-mapped cache of recent merge results. */
    static final class Scratch {
        private static final int CACHE_SLOTS = 1 << 15;
        private static final int PAIR_SLOTS = 1 << 13;
        /**
         * Recent merge-table answers (key, value) for pairs the filter let through: the table is
         * megabytes and each probe a cache miss, while text keeps asking about the same few
         * thousand merges.
         */
        private final long[] pairs = new long[2 * PAIR_SLOTS];

        Scratch() {
            for (int i = 0; i < pairs.length; i += 2) {
                pairs[i] = -1; // no real key: ids are non-negative
            }
        }

        long merge(Bpe bpe, long key) {
            if (!bpe.mergeKeys.mayContain(key)) {
                return -1;
            }
            long h = key * 0x9E3779B97F4A7C15L;
            int slot = 2 * ((int) (h >>> 40) & (PAIR_SLOTS - 1));
            if (pairs[slot] == key) {
                return pairs[slot + 1];
            }
            long v = bpe.merges.get(key);
            pairs[slot] = key;
            pairs[slot + 1] = v;
            return v;
        }
        private final Object[] cacheKeys = new Object[CACHE_SLOTS]; // byte[] or String
        private final int[][] cacheIds = new int[CACHE_SLOTS][];
        /** Each slot's key hash: most pieces asked about are not the slot's key, and this says so without reading it. */
        private final int[] cacheHashes = new int[CACHE_SLOTS];

        /** A non-negative hash of a piece; its low bits pick the slot. */
        int hash(byte[] key, int n) {
            int h = n;
            for (int i = 0; i < n; i++) {
                h = 31 * h + key[i];
            }
            return (h ^ (h >>> 13)) >>> 1;
        }

        int hash(String w, int start, int end) {
            int h = end - start;
            for (int i = start; i < end; i++) {
                h = 31 * h + w.charAt(i);
            }
            return (h ^ (h >>> 13)) >>> 1;
        }

        boolean hit(int hash, byte[] key, int n) {
            int slot = hash & (CACHE_SLOTS - 1);
            return cacheHashes[slot] == hash && cacheKeys[slot] instanceof byte[] k && k.length == n
                    && Arrays.equals(k, 0, n, key, 0, n);
        }

        boolean hit(int hash, String w, int start, int end) {
            int slot = hash & (CACHE_SLOTS - 1);
            return cacheHashes[slot] == hash && cacheKeys[slot] instanceof String k && k.length() == end - start
                    && w.regionMatches(start, k, 0, k.length());
        }

        void addCached(int hash, IntList out) {
            int[] ids = cacheIds[hash & (CACHE_SLOTS - 1)];
            out.addAll(ids, 0, ids.length);
        }

        void store(int hash, byte[] key, int n, int[] ids, int m) {
            put(hash, Arrays.copyOf(key, n), Arrays.copyOf(ids, m));
        }

        void store(int hash, String w, int start, int end, int[] ids, int m) {
            put(hash, w.substring(start, end), Arrays.copyOf(ids, m));
        }

        private void put(int hash, Object key, int[] ids) {
            int slot = hash & (CACHE_SLOTS - 1);
            cacheHashes[slot] = hash;
            cacheKeys[slot] = key;
            cacheIds[slot] = ids;
        }

        private byte[] bytes = new byte[256];
        int[] ids = new int[256];
        private long[] candidates = new long[256];

        byte[] bytes(int n) {
            return bytes.length >= n ? bytes : (bytes = new byte[Math.max(n, bytes.length * 2)]);
        }

        int[] ids(int n) {
            return ids.length >= n ? ids : (ids = new int[Math.max(n, ids.length * 2)]);
        }

        long[] candidates(int n) {
            return candidates.length >= n ? candidates : (candidates = new long[Math.max(n, candidates.length * 2)]);
        }
    }

    /** A binary min-heap of longs. */
    private static final class LongHeap {
        private long[] a;
        private int size;

        LongHeap(int capacity) {
            a = new long[Math.max(capacity, 4)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (a[parent] <= v) {
                    break;
                }
                a[i] = a[parent];
                i = parent;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long last = a[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && a[child + 1] < a[child]) {
                    child++;
                }
                if (a[child] >= last) {
                    break;
                }
                a[i] = a[child];
                i = child;
            }
            a[i] = last;
            return top;
        }
    }
}
