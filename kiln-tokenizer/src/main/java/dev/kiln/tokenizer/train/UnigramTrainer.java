package dev.kiln.tokenizer.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SentencePiece's Unigram training: seed pieces are the most frequent substrings (frequency times
 * length) plus the characters the coverage keeps; rounds of EM (forward-backward expected counts,
 * digamma-smoothed log probabilities) alternate with pruning, which drops the pieces whose removal
 * costs the corpus likelihood least (the piece's usage times the log-probability lost by splitting
 * it into its best alternative), shrinking the set by a factor per round until the target size.
 */
final class UnigramTrainer {
    private static final int MAX_PIECE_CHARS = 16;
    /** SentencePiece seeds 1M pieces; ten per target piece gives the same vocabularies sooner on small targets. */
    private static final int SEED_PIECES = 1_000_000;
    private static final int SEEDS_PER_PIECE = 10;
    private static final double SHRINKING = 0.75;
    private static final int EM_ITERATIONS = 2;
    private static final double MIN_EXPECTED = 0.5;

    private final TokenizerTrainer.Options options;
    private final TokenizerTrainer.Progress progress;

    private int[][] words;
    private long[] counts;
    private final List<String> pieces = new ArrayList<>();
    private double[] scores;
    private Set<String> required;
    private Trie trie;

    UnigramTrainer(TokenizerTrainer.Options options, TokenizerTrainer.Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    ObjectNode train(WordCounts wc) {
        List<String> specials = TokenizerTrainer.Style.UNIGRAM.specials;
        int target = options.vocabSize() - specials.size() - 256;
        Map<Integer, Long> cps = wc.codePoints();
        List<Integer> chars = WordCounts.covering(cps, options.characterCoverage(), target);
        required = new HashSet<>();
        chars.forEach(cp -> required.add(Character.toString(cp)));
        words = new int[wc.counts.size()][];
        counts = new long[words.length];
        int w = 0;
        for (Map.Entry<String, long[]> e : wc.counts.entrySet()) {
            words[w] = e.getKey().codePoints().toArray();
            counts[w++] = e.getValue()[0];
        }
        seed(chars, cps, (int) Math.min(SEED_PIECES, (long) SEEDS_PER_PIECE * target));
        int seeds = pieces.size();
        int desired = (int) Math.ceil(target * 1.1); // pruning stops 10% above the target; the best-scored are kept
        while (true) {
            for (int i = 0; i < EM_ITERATIONS; i++) {
                double[] expected = expectedCounts();
                maximize(expected, target);
            }
            progress.update("pruning", Math.max(0, seeds - pieces.size()), Math.max(1, seeds - desired));
            if (pieces.size() <= desired) {
                break;
            }
            prune(Math.max(desired, (int) (pieces.size() * SHRINKING)));
        }
        return model(specials, target);
    }

    /** Characters, then the substrings with the highest frequency times length. */
    private void seed(List<Integer> chars, Map<Integer, Long> cps, int seeds) {
        Map<String, long[]> subs = new HashMap<>();
        for (int w = 0; w < words.length; w++) {
            int[] word = words[w];
            for (int i = 0; i < word.length; i++) {
                if (!required.contains(Character.toString(word[i]))) {
                    continue;
                }
                for (int j = i + 2; j <= Math.min(word.length, i + MAX_PIECE_CHARS); j++) {
                    if (word[j - 1] == 0x2581 || !required.contains(Character.toString(word[j - 1]))) {
                        break; // '▁' only starts a piece; unknown characters are never inside one
                    }
                    subs.computeIfAbsent(new String(word, i, j - i), k -> new long[1])[0] += counts[w];
                }
            }
        }
        List<Map.Entry<String, long[]>> ranked = new ArrayList<>();
        for (Map.Entry<String, long[]> e : subs.entrySet()) {
            if (e.getValue()[0] > 1) {
                ranked.add(e);
            }
        }
        ranked.sort((a, b) -> {
            long sa = a.getValue()[0] * a.getKey().codePointCount(0, a.getKey().length());
            long sb = b.getValue()[0] * b.getKey().codePointCount(0, b.getKey().length());
            return sa != sb ? Long.compare(sb, sa) : a.getKey().compareTo(b.getKey());
        });
        List<Double> freq = new ArrayList<>();
        for (int cp : chars) {
            pieces.add(Character.toString(cp));
            freq.add((double) cps.get(cp));
        }
        for (int i = 0; i < ranked.size() && pieces.size() < seeds; i++) {
            pieces.add(ranked.get(i).getKey());
            freq.add((double) ranked.get(i).getValue()[0]);
        }
        double total = freq.stream().mapToDouble(Double::doubleValue).sum();
        scores = new double[pieces.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.log(freq.get(i)) - Math.log(total);
        }
        trie = new Trie(pieces);
    }

    /** E-step: each piece's expected count over all segmentations (forward-backward). */
    private double[] expectedCounts() {
        double[] expected = new double[pieces.size()];
        double unk = minScore() - 10;
        Lattice lat = new Lattice();
        for (int w = 0; w < words.length; w++) {
            int[] word = words[w];
            lat.build(word, trie, scores, unk);
            int n = word.length;
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
        for (int w = 0; w < words.length; w++) {
            for (int p : viterbi(words[w], lat, unk, -1)) {
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
            int[] alternatives = viterbi(piece.codePoints().toArray(), lat, unk, i);
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

    /** The best segmentation's pieces (-1 for unknown characters), never using piece excluded. */
    private int[] viterbi(int[] word, Lattice lat, double unk, int excluded) {
        lat.build(word, trie, scores, unk);
        int n = word.length;
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

    /** The edges of one word's segmentation lattice, in start order. */
    private static final class Lattice {
        int[] start = new int[64];
        int[] end = new int[64];
        int[] piece = new int[64];
        double[] score = new double[64];
        int size;

        void build(int[] word, Trie trie, double[] scores, double unk) {
            size = 0;
            for (int i = 0; i < word.length; i++) {
                boolean single = false;
                int node = 0;
                for (int j = i; j < word.length && j - i < MAX_PIECE_CHARS; j++) {
                    node = trie.edges.get((long) node << 21 | word[j]);
                    if (node < 0) {
                        break;
                    }
                    int p = trie.terminal[node];
                    if (p >= 0) {
                        add(i, j + 1, p, scores[p]);
                        single |= j == i;
                    }
                }
                if (!single) {
                    add(i, i + 1, -1, unk);
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
