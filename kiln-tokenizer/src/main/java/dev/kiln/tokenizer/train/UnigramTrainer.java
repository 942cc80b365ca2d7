package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.text.LongIntMap;
import dev.kiln.text.SuffixArray;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * SentencePiece's Unigram training: seed pieces are the most frequent substrings (frequency times
 * length) plus the characters the coverage keeps; rounds of EM (forward-backward expected counts,
 * digamma-smoothed log probabilities) alternate with pruning, which drops the pieces whose removal
 * costs the corpus likelihood least (the piece's usage times the log-probability lost by splitting
 * it into its best alternative), shrinking the set by a factor per round until the target size.
 *
 * <p>Memory is bounded as in SentencePiece: words are capped in length (by the counting), a corpus
 * whose distinct words hold more than maxTrainingChars characters is sampled down to about that,
 * and the seeds come from a suffix array over the distinct words instead of a table of every
 * substring.
 */
final class UnigramTrainer {
    static final int MAX_PIECE_CHARS = 16;
    /** SentencePiece's max_sentence_length: longer words are cut into pieces of at most this many UTF-8 bytes. */
    static final int MAX_WORD_BYTES = 4192;
    /**
     * The distinct words' characters trained on (SentencePiece bounds sentences: input_sentence_size):
     * about 100 MB of Chinese, five times the distinct words of 100 MB of English.
     */
    static final long MAX_TRAINING_CHARS = 1L << 25;
    private static final long SAMPLING_SEED = 0x5EED_0F_C0FFEEL;
    /** SentencePiece seeds 1M pieces; ten per target piece gives the same vocabularies sooner on small targets. */
    private static final int SEED_PIECES = 1_000_000;
    private static final int SEEDS_PER_PIECE = 10;
    private static final double SHRINKING = 0.75;
    private static final int EM_ITERATIONS = 2;
    private static final double MIN_EXPECTED = 0.5;
    private static final int METASPACE = 0x2581;

    private final TokenizerTrainer.Options options;
    private final TokenizerTrainer.Progress progress;
    private final long maxTrainingChars;

    /** The training words: word w is text[starts[w] .. starts[w + 1]), seen counts[w] times. */
    private int[] text;
    private int[] starts;
    private long[] counts;
    private final List<String> pieces = new ArrayList<>();
    private int seedCount;
    private double[] scores;
    private Set<String> required;
    private BitSet requiredChars;
    private Trie trie;

    UnigramTrainer(TokenizerTrainer.Options options, TokenizerTrainer.Progress progress) {
        this(options, progress, MAX_TRAINING_CHARS);
    }

    UnigramTrainer(TokenizerTrainer.Options options, TokenizerTrainer.Progress progress, long maxTrainingChars) {
        if (maxTrainingChars < 1) {
            throw new IllegalArgumentException("maxTrainingChars must be positive, got " + maxTrainingChars);
        }
        this.options = options;
        this.progress = progress;
        this.maxTrainingChars = maxTrainingChars;
    }

    ObjectNode train(WordCounts wc) {
        int target = targetPieces();
        seedCount = seeds(wc).size();
        int desired = (int) Math.ceil(target * 1.1); // pruning stops 10% above the target; the best-scored are kept
        progress.update("pruning", 0, Math.max(1, seedCount - desired));
        while (true) {
            for (int i = 0; i < EM_ITERATIONS; i++) {
                double[] expected = expectedCounts();
                maximize(expected, target);
            }
            progress.update("pruning", Math.max(0, seedCount - pieces.size()), Math.max(1, seedCount - desired));
            if (pieces.size() <= desired) {
                break;
            }
            prune(Math.max(desired, (int) (pieces.size() * SHRINKING)));
        }
        return model(TokenizerTrainer.Style.UNIGRAM.specials, target);
    }

    /** The pieces to learn: the vocabulary without the special tokens and the 256 byte-fallback tokens. */
    private int targetPieces() {
        return options.vocabSize() - TokenizerTrainer.Style.UNIGRAM.specials.size() - 256;
    }

    /** The seed pieces training starts from: the covered characters, then the frequent substrings, best first. */
    List<String> seeds(WordCounts wc) {
        int target = targetPieces();
        Map<Integer, Long> cps = wc.codePoints();
        List<Integer> chars = WordCounts.covering(cps, options.characterCoverage(), target);
        required = new HashSet<>();
        requiredChars = new BitSet();
        for (int cp : chars) {
            required.add(Character.toString(cp));
            requiredChars.set(cp);
        }
        double rate = load(wc);
        seed(chars, cps, rate, (int) Math.min(SEED_PIECES, (long) SEEDS_PER_PIECE * target));
        return List.copyOf(pieces);
    }

    /** The seed pieces of the last training, characters included. */
    int seedCount() {
        return seedCount;
    }

    /** Distinct words trained on, after sampling. */
    int trainingWords() {
        return counts.length;
    }

    /** Characters of the distinct words trained on, after sampling. */
    int trainingChars() {
        return text.length;
    }

    /**
     * Takes the words into flat arrays, sampled when their characters exceed maxTrainingChars: each
     * occurrence is kept with one probability (a binomial draw per word, seeded by the word, so the
     * result does not depend on the map's order), chosen so that about maxTrainingChars remain.
     * Returns that probability.
     */
    private double load(WordCounts wc) {
        int size = wc.counts.size();
        int[] lengths = new int[size];
        long[] all = new long[size];
        long total = 0;
        int w = 0;
        for (Map.Entry<String, long[]> e : wc.counts.entrySet()) {
            lengths[w] = e.getKey().codePointCount(0, e.getKey().length());
            all[w] = e.getValue()[0];
            total += lengths[w++];
        }
        double rate = total <= maxTrainingChars ? 1 : samplingRate(lengths, all);
        long[] kept = new long[size];
        long chars = 0;
        int words = 0;
        w = 0;
        for (Map.Entry<String, long[]> e : wc.counts.entrySet()) {
            kept[w] = rate == 1 ? all[w] : binomial(all[w], rate, new SplittableRandom(SAMPLING_SEED ^ hash(e.getKey())));
            if (kept[w] > 0) {
                chars += lengths[w];
                words++;
            }
            w++;
        }
        if (chars > Integer.MAX_VALUE - 2L * words) {
            throw new IllegalStateException("the training words hold " + chars + " characters, too many for one suffix array");
        }
        text = new int[(int) chars];
        starts = new int[words + 1];
        counts = new long[words];
        int at = 0;
        int k = 0;
        w = 0;
        for (String word : wc.counts.keySet()) {
            if (kept[w] > 0) {
                starts[k] = at;
                counts[k++] = kept[w];
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    text[at++] = cp;
                    i += Character.charCount(cp);
                }
            }
            w++;
        }
        starts[words] = at;
        if (words == 0) {
            throw new IllegalStateException("sampling kept no word of " + size);
        }
        return rate;
    }

    /**
     * The p that keeps about maxTrainingChars, found by bisection: a word of length l seen c times
     * stays with probability 1 - (1 - p)^c, so l(1 - (1 - p)^c) summed over the words is expected.
     */
    private double samplingRate(int[] lengths, long[] all) {
        double lo = 0;
        double hi = 1;
        for (int iteration = 0; iteration < 40; iteration++) {
            double p = (lo + hi) / 2;
            double logMiss = Math.log1p(-p);
            double expected = 0;
            for (int w = 0; w < lengths.length; w++) {
                expected += lengths[w] * -Math.expm1(all[w] * logMiss);
            }
            if (expected > maxTrainingChars) {
                hi = p;
            } else {
                lo = p;
            }
        }
        return lo;
    }

    private static long binomial(long trials, double p, SplittableRandom random) {
        long hits = 0;
        for (long i = 0; i < trials; i++) {
            if (random.nextDouble() < p) {
                hits++;
            }
        }
        return hits;
    }

    /** 64-bit FNV-1a over the UTF-16 units: String.hashCode's 32 bits would tie many words' draws. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * Characters, then the substrings with the highest frequency times length, found on a suffix array
     * of the words (each followed by a separator). Each LCP interval is a set of suffixes sharing a
     * prefix of its depth, a single suffix being a leaf; the prefixes longer than the parent
     * interval's depth occur exactly at those suffixes, so their frequency is the sum of the counts of
     * the words the suffixes start in. Those prefixes are the interval's candidates, up to where a
     * piece must end (16 characters, a character outside the coverage, an inner '▁', the end of the
     * word): every substring is the candidate of exactly one interval, as in counting them one by one.
     */
    private void seed(List<Integer> chars, Map<Integer, Long> cps, double rate, int seeds) {
        int words = counts.length;
        int n = text.length + words + 1;
        int[] rank = new int[Character.MAX_CODE_POINT + 1];
        for (int cp : text) {
            rank[cp] = 1;
        }
        int alphabet = 2; // 0: the sentinel, 1: the word separator
        for (int cp = 0; cp < rank.length; cp++) {
            if (rank[cp] != 0) {
                rank[cp] = alphabet++;
            }
        }
        int[] s = new int[n];
        int at = 0;
        for (int w = 0; w < words; w++) {
            for (int i = starts[w]; i < starts[w + 1]; i++) {
                s[at++] = rank[text[i]];
            }
            s[at++] = 1;
        }
        progress.update("seeding", 0, 2L * n);
        int[] sa = SuffixArray.build(s, alphabet - 1);
        int[] plcp = SuffixArray.permutedLcp(s, sa, MAX_PIECE_CHARS);
        progress.update("seeding", n, 2L * n);
        // s now maps each position to its word, which gives both its count and its place in text
        at = 0;
        for (int w = 0; w < words; w++) {
            for (int i = starts[w]; i <= starts[w + 1]; i++) {
                s[at++] = w;
            }
        }
        s[at] = words - 1; // the sentinel: past the last word's end, so no piece starts there
        int[] wordOf = s;

        Candidates top = new Candidates(Math.max(0, seeds - chars.size()));
        int[] stackDepth = new int[MAX_PIECE_CHARS + 2];
        int[] stackLeft = new int[MAX_PIECE_CHARS + 2];
        long[] stackWeight = new long[MAX_PIECE_CHARS + 2];
        int depth = 1; // stack size; the root interval (depth 0) stays at the bottom
        long weight = 0; // the counts of the suffixes walked so far
        for (int k = 0; k < n; k++) {
            int p = sa[k];
            long count = counts[wordOf[p]];
            int before = k == 0 ? 0 : plcp[p];
            int after = k + 1 < n ? plcp[sa[k + 1]] : 0;
            offer(top, p, wordOf[p], MAX_PIECE_CHARS, Math.max(before, after), count);
            long left = weight;
            weight += count;
            int leftK = k;
            while (after < stackDepth[depth - 1]) {
                depth--;
                int parent = Math.max(after, stackDepth[depth - 1]);
                int first = sa[stackLeft[depth]];
                offer(top, first, wordOf[first], stackDepth[depth], parent, weight - stackWeight[depth]);
                leftK = stackLeft[depth];
                left = stackWeight[depth];
            }
            if (after > stackDepth[depth - 1]) {
                stackDepth[depth] = after;
                stackLeft[depth] = leftK;
                stackWeight[depth++] = left;
            }
            if ((k & 0xFFFF) == 0) {
                progress.update("seeding", (long) n + k, 2L * n);
            }
        }
        progress.update("seeding", 2L * n, 2L * n);

        List<Double> freq = new ArrayList<>();
        for (int cp : chars) {
            pieces.add(Character.toString(cp));
            freq.add(Math.max(1, cps.get(cp) * rate)); // the sample's expected count
        }
        for (int c : top.ranked()) {
            pieces.add(new String(text, top.start[c], top.length[c]));
            freq.add((double) top.freq[c]);
        }
        double total = freq.stream().mapToDouble(Double::doubleValue).sum();
        scores = new double[pieces.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.log(freq.get(i)) - Math.log(total);
        }
        trie = new Trie(pieces);
    }

    /**
     * Offers the prefixes of suffix p (in word w) longer than parentDepth and at most depth long, cut
     * where a piece must end: they share the interval's frequency, so the longest score highest.
     */
    private void offer(Candidates top, int p, int w, int depth, int parentDepth, long freq) {
        if (freq < 2 || depth <= Math.max(1, parentDepth) || !top.mayTake(freq * depth)) {
            return;
        }
        int from = p - w; // each earlier word added one separator
        int end = starts[w + 1];
        if (from >= end || !requiredChars.get(text[from])) {
            return;
        }
        int length = 1; // '▁' only starts a piece; unknown characters are never in one
        while (length < depth && from + length < end && text[from + length] != METASPACE
                && requiredChars.get(text[from + length])) {
            length++;
        }
        for (int l = length; l >= 2 && l > parentDepth && top.mayTake(freq * l); l--) {
            top.offer(from, l, freq);
        }
    }

    /** The best candidates so far, at most capacity, in a heap whose root is the worst of them. */
    private final class Candidates {
        final int capacity;
        final int[] start;
        final int[] length;
        final long[] freq;
        private final int[] heap;
        private int size;

        Candidates(int capacity) {
            this.capacity = capacity;
            start = new int[capacity];
            length = new int[capacity];
            freq = new long[capacity];
            heap = new int[capacity];
        }

        /** Whether a candidate scoring at most score could still get in. */
        boolean mayTake(long score) {
            return size < capacity || (capacity > 0 && score >= score(heap[0]));
        }

        void offer(int from, int len, long f) {
            int slot;
            if (size < capacity) {
                slot = size;
                heap[size] = slot;
                start[slot] = from;
                length[slot] = len;
                freq[slot] = f;
                up(size++);
                return;
            }
            slot = heap[0];
            long score = f * len;
            long worst = score(slot);
            if (score < worst || (score == worst && compareText(from, len, start[slot], length[slot]) >= 0)) {
                return;
            }
            start[slot] = from;
            length[slot] = len;
            freq[slot] = f;
            down(0);
        }

        /** Slots from best to worst: higher score first, then the smaller string. */
        List<Integer> ranked() {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(heap[i]);
            }
            order.sort((a, b) -> worse(b, a) ? -1 : worse(a, b) ? 1 : 0);
            return order;
        }

        private long score(int slot) {
            return freq[slot] * length[slot];
        }

        /** Whether slot a ranks below slot b. */
        private boolean worse(int a, int b) {
            long sa = score(a);
            long sb = score(b);
            return sa != sb ? sa < sb : compareText(start[a], length[a], start[b], length[b]) > 0;
        }

        private void up(int i) {
            while (i > 0 && worse(heap[i], heap[(i - 1) / 2])) {
                swap(i, (i - 1) / 2);
                i = (i - 1) / 2;
            }
        }

        private void down(int i) {
            while (true) {
                int worst = i;
                for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
                    if (worse(heap[c], heap[worst])) {
                        worst = c;
                    }
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int i, int j) {
            int t = heap[i];
            heap[i] = heap[j];
            heap[j] = t;
        }
    }

    /** Code-point order of two stretches of text. */
    private int compareText(int a, int aLength, int b, int bLength) {
        int m = Arrays.mismatch(text, a, a + aLength, text, b, b + bLength);
        if (m < 0) {
            return 0;
        }
        if (m >= Math.min(aLength, bLength)) {
            return Integer.compare(aLength, bLength);
        }
        return Integer.compare(text[a + m], text[b + m]);
    }

    /** E-step: each piece's expected count over all segmentations (forward-backward). */
    private double[] expectedCounts() {
        double[] expected = new double[pieces.size()];
        double unk = minScore() - 10;
        Lattice lat = new Lattice();
        for (int w = 0; w < counts.length; w++) {
            lat.build(text, starts[w], starts[w + 1], trie, scores, unk);
            int n = starts[w + 1] - starts[w];
            double[] alpha = new double[n + 1];
            double[] beta = new double[n + 1];
            Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
            Arrays.fill(beta, Double.NEGATIVE_INFINITY);
            alpha[0] = 0;
            for (int e = 0; e < lat.size; e++) { // edges are in start order
                alpha[lat.end[e]] = logAdd(alpha[lat.end[e]], alpha[lat.start[e]] + lat.score[e]);
            }
            beta[n] = 0;
            for (int e = lat.size - 1; e >= 0; e--) {
                beta[lat.start[e]] = logAdd(beta[lat.start[e]], beta[lat.end[e]] + lat.score[e]);
            }
            double z = alpha[n];
            for (int e = 0; e < lat.size; e++) {
                if (lat.piece[e] >= 0) {
                    expected[lat.piece[e]] += counts[w] * Math.exp(alpha[lat.start[e]] + lat.score[e] + beta[lat.end[e]] - z);
                }
            }
        }
        return expected;
    }

    /**
     * M-step: drop rarely used pieces (never required characters, nor below the target size, rarest
     * first), then digamma-smoothed log probabilities.
     */
    private void maximize(double[] expected, int target) {
        List<Integer> rare = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (expected[i] < MIN_EXPECTED && !required.contains(pieces.get(i))) {
                rare.add(i);
            }
        }
        rare.sort((a, b) -> expected[a] != expected[b] ? Double.compare(expected[a], expected[b]) : Integer.compare(a, b));
        boolean[] drop = new boolean[pieces.size()];
        for (int k = 0; k < Math.min(rare.size(), pieces.size() - target); k++) {
            drop[rare.get(k)] = true;
        }
        List<String> kept = new ArrayList<>();
        List<Double> freq = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < pieces.size(); i++) {
            boolean req = required.contains(pieces.get(i));
            if (drop[i]) {
                continue;
            }
            double f = Math.max(expected[i], req ? MIN_EXPECTED : 1e-4); // kept for the size: rare, not impossible
            kept.add(pieces.get(i));
            freq.add(f);
            total += f;
        }
        double logTotal = digamma(total);
        pieces.clear();
        pieces.addAll(kept);
        scores = new double[kept.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = digamma(freq.get(i)) - logTotal;
        }
        trie = new Trie(pieces);
    }

    /**
     * Keeps the size pieces whose removal would cost most: a piece used f times whose best
     * segmentation without it is the alternatives a1..ak loses f * (log p(piece) - sum log p'(ai)),
     * p' being the probabilities once the piece's uses moved to its alternatives.
     */
    private void prune(int size) {
        double[] usage = new double[pieces.size()];
        Lattice lat = new Lattice();
        double unk = minScore() - 10;
        for (int w = 0; w < counts.length; w++) {
            for (int p : viterbi(text, starts[w], starts[w + 1], lat, unk, -1)) {
                if (p >= 0) {
                    usage[p] += counts[w];
                }
            }
        }
        double total = Arrays.stream(usage).sum();
        double[] loss = new double[pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            if (required.contains(piece)) {
                loss[i] = Double.POSITIVE_INFINITY;
                continue;
            }
            if (usage[i] == 0) {
                loss[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            int[] cps = piece.codePoints().toArray();
            int[] alternatives = viterbi(cps, 0, cps.length, lat, unk, i);
            double total2 = total + usage[i] * (alternatives.length - 1);
            double lossAlt = 0;
            for (int a : alternatives) {
                lossAlt += Math.log((a >= 0 ? usage[a] : 0) + usage[i] + 1e-10) - Math.log(total2);
            }
            loss[i] = usage[i] * (Math.log(usage[i]) - Math.log(total) - lossAlt);
        }
        Integer[] order = new Integer[pieces.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> loss[a] != loss[b] ? Double.compare(loss[b], loss[a]) : Integer.compare(a, b));
        boolean[] keep = new boolean[pieces.size()];
        for (int k = 0; k < Math.min(size, order.length); k++) {
            keep[order[k]] = true;
        }
        List<String> kept = new ArrayList<>();
        List<Double> keptScores = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (keep[i]) {
                kept.add(pieces.get(i));
                keptScores.add(scores[i]);
            }
        }
        pieces.clear();
        pieces.addAll(kept);
        scores = keptScores.stream().mapToDouble(Double::doubleValue).toArray();
        trie = new Trie(pieces);
    }

    /** The best segmentation's pieces of chars[begin, end) (-1 for unknown characters), never using piece excluded. */
    private int[] viterbi(int[] chars, int begin, int end, Lattice lat, double unk, int excluded) {
        lat.build(chars, begin, end, trie, scores, unk);
        int n = end - begin;
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        best[0] = 0;
        for (int e = 0; e < lat.size; e++) {
            if (lat.piece[e] == excluded && excluded >= 0) {
                continue;
            }
            double s = best[lat.start[e]] + lat.score[e];
            if (s > best[lat.end[e]]) {
                best[lat.end[e]] = s;
                from[lat.end[e]] = e;
            }
        }
        int[] path = new int[n];
        int m = 0;
        for (int at = n; at > 0; at = lat.start[from[at]]) {
            path[m++] = lat.piece[from[at]];
        }
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = path[m - 1 - i];
        }
        return out;
    }

    private ObjectNode model(List<String> specials, int target) {
        Integer[] order = new Integer[pieces.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // required characters first so the cut never drops one, then by score
        Arrays.sort(order, (a, b) -> {
            boolean ra = required.contains(pieces.get(a));
            boolean rb = required.contains(pieces.get(b));
            return ra != rb ? Boolean.compare(rb, ra) : scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b);
        });
        Integer[] kept = Arrays.copyOf(order, Math.min(target, order.length));
        Arrays.sort(kept, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        ObjectNode model = Pipelines.JSON.createObjectNode().put("type", "Unigram").put("unk_id", 0);
        ArrayNode vocab = model.putArray("vocab");
        for (String s : specials) {
            vocab.addArray().add(s).add(0.0);
        }
        for (int b = 0; b < 256; b++) {
            vocab.addArray().add(String.format("<0x%02X>", b)).add(0.0);
        }
        for (int i : kept) {
            // six decimals: a short literal parses to the same double everywhere (serde_json's default
            // parser is not correctly rounded for 17-digit literals, so encoders would disagree on near-ties)
            vocab.addArray().add(pieces.get(i)).add(BigDecimal.valueOf(scores[i]).setScale(6, RoundingMode.HALF_EVEN));
        }
        model.put("byte_fallback", true);
        return model;
    }

    private double minScore() {
        return Arrays.stream(scores).min().orElse(0);
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    /** The digamma function: recurrence up to 6, then its asymptotic series. */
    static double digamma(double x) {
        double result = 0;
        while (x < 6) {
            result -= 1 / x;
            x += 1;
        }
        double f = 1 / (x * x);
        return result + Math.log(x) - 0.5 / x
                - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }

    /** Pieces as a trie over code points: edge (node, code point) -> child; piece index per node. */
    private static final class Trie {
        final LongIntMap edges = new LongIntMap(1 << 16);
        int[] terminal = new int[1 << 12];
        int nodes = 1;

        Trie(List<String> pieces) {
            Arrays.fill(terminal, -1);
            for (int p = 0; p < pieces.size(); p++) {
                int node = 0;
                String s = pieces.get(p);
                for (int i = 0; i < s.length(); ) {
                    int cp = s.codePointAt(i);
                    i += Character.charCount(cp);
                    long key = (long) node << 21 | cp;
                    int child = edges.get(key);
                    if (child < 0) {
                        child = nodes++;
                        edges.put(key, child);
                        if (child == terminal.length) {
                            int old = terminal.length;
                            terminal = Arrays.copyOf(terminal, old * 2);
                            Arrays.fill(terminal, old, terminal.length, -1);
                        }
                    }
                    node = child;
                }
                terminal[node] = p;
            }
        }
    }

    /** The edges of one word's segmentation lattice (positions relative to the word), in start order. */
    private static final class Lattice {
        int[] start = new int[64];
        int[] end = new int[64];
        int[] piece = new int[64];
        double[] score = new double[64];
        int size;

        void build(int[] chars, int from, int to, Trie trie, double[] scores, double unk) {
            size = 0;
            for (int i = from; i < to; i++) {
                boolean single = false;
                int node = 0;
                for (int j = i; j < to && j - i < MAX_PIECE_CHARS; j++) {
                    node = trie.edges.get((long) node << 21 | chars[j]);
                    if (node < 0) {
                        break;
                    }
                    int p = trie.terminal[node];
                    if (p >= 0) {
                        add(i - from, j + 1 - from, p, scores[p]);
                        single |= j == i;
                    }
                }
                if (!single) {
                    add(i - from, i + 1 - from, -1, unk);
                }
            }
        }

        private void add(int s, int e, int p, double sc) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                piece = Arrays.copyOf(piece, size * 2);
                score = Arrays.copyOf(score, size * 2);
            }
            start[size] = s;
            end[size] = e;
            piece[size] = p;
            score[size++] = sc;
        }
    }
}
