package dev.kiln.tokenizer.train;

import dev.kiln.text.LongIntMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Learns BPE merges from counted words, as Hugging Face's BpeTrainer: repeatedly merges the
 * adjacent pair with the highest count (ties: the smaller (left, right) id pair), rewriting only
 * the words that hold it. Pair counts sit in arrays indexed through a hash map, each pair keeps
 * the list of words it occurs in, and a max-heap with lazy updates picks the next pair: a popped
 * entry whose count went down meanwhile is pushed back with its current count.
 */
final class BpeTrainer {
    /** A learned merge: tokens left and right become result. */
    record Merge(int left, int right, int result) {}

    private record Entry(long count, long pair) {}

    private final TokenTable table;
    private final String prefix;
    private final IntPredicate mergeable;
    private final Predicate<String> blocked;

    /**
     * prefix: WordPiece's continuing-subword prefix, dropped from the right part when joining ("" for BPE).
     * mergeable: tokens that may take part in a merge (not byte-fallback or special tokens).
     * blocked: merged strings no merge may produce (an extended base's own tokens).
     */
    BpeTrainer(TokenTable table, String prefix, IntPredicate mergeable, Predicate<String> blocked) {
        this.table = table;
        this.prefix = prefix;
        this.mergeable = mergeable;
        this.blocked = blocked;
    }

    String join(String left, String right) {
        return left + (!prefix.isEmpty() && right.startsWith(prefix) ? right.substring(prefix.length()) : right);
    }

    /**
     * Merges until newTokens tokens were added to the table or no pair occurs minFrequency times;
     * words (token ids) are rewritten in place. Returns the merges in rank order.
     */
    List<Merge> train(int[][] words, long[] counts, int newTokens, long minFrequency, Progress progress) {
        LongIntMap pairIndex = new LongIntMap(1 << 16);
        long[][] pairCount = {new long[1 << 16]};
        IntListArray pairWords = new IntListArray();
        for (int w = 0; w < words.length; w++) {
            addPairs(words[w], w, counts[w], pairIndex, pairCount, pairWords, -1, null);
        }
        PriorityQueue<Entry> heap = new PriorityQueue<>((x, y) -> x.count != y.count
                ? Long.compare(y.count, x.count) : Long.compare(x.pair, y.pair));
        for (int p = 0; p < pairIndex.size(); p++) {
            if (pairCount[0][p] > 0) {
                heap.add(new Entry(pairCount[0][p], pairWords.key(p)));
            }
        }
        List<Merge> merges = new ArrayList<>();
        int[] seen = new int[words.length];
        int added = 0;
        List<Integer> touched = new ArrayList<>();
        while (added < newTokens && !heap.isEmpty()) {
            Entry top = heap.poll();
            int p = pairIndex.get(top.pair);
            long current = pairCount[0][p];
            if (current != top.count) {
                if (current > 0) {
                    heap.add(new Entry(current, top.pair));
                }
                continue;
            }
            if (current < minFrequency) {
                break;
            }
            int left = (int) (top.pair >>> 32);
            int right = (int) top.pair;
            String merged = join(table.token(left), table.token(right));
            if (blocked.test(merged)) {
                pairCount[0][p] = -1; // never again
                continue;
            }
            int result = table.id(merged);
            if (result < 0) {
                result = table.add(merged);
                added++;
            }
            merges.add(new Merge(left, right, result));
            pairCount[0][p] = -1;
            touched.clear();
            IntListArray.Cursor words0 = pairWords.cursor(p);
            int stamp = merges.size();
            for (int w; (w = words0.next()) >= 0; ) {
                if (seen[w] == stamp) {
                    continue;
                }
                seen[w] = stamp;
                int[] rewritten = rewrite(words[w], left, right, result);
                if (rewritten == null) {
                    continue;
                }
                removePairs(words[w], counts[w], pairIndex, pairCount);
                words[w] = rewritten;
                addPairs(rewritten, w, counts[w], pairIndex, pairCount, pairWords, result, touched);
            }
            pairWords.clear(p);
            touched.sort(null);
            int last = -1;
            for (int q : touched) {
                if (q == last) {
                    continue;
                }
                last = q;
                if (pairCount[0][q] > 0) {
                    heap.add(new Entry(pairCount[0][q], pairWords.key(q)));
                }
            }
            if (progress != null) {
                progress.step(added, newTokens);
            }
        }
        return merges;
    }

    /** Progress of the merges, called after each. */
    interface Progress {
        void step(int done, int target);
    }

    private static int[] rewrite(int[] word, int left, int right, int result) {
        int[] out = null;
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                if (out == null) {
                    out = new int[word.length - 1];
                    System.arraycopy(word, 0, out, 0, i);
                    n = i;
                }
                out[n++] = result;
                i++;
            } else if (out != null) {
                out[n++] = word[i];
            }
        }
        return out == null ? null : Arrays.copyOf(out, n);
    }

    /**
     * Adds the pairs of word to the counts. After a merge (newToken >= 0) only pairs with the new
     * token can be new to the word: only those get the word listed and go in touched, to be pushed.
     */
    private void addPairs(int[] word, int w, long count, LongIntMap pairIndex, long[][] pairCount,
                          IntListArray pairWords, int newToken, List<Integer> touched) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (!mergeable.test(word[i]) || !mergeable.test(word[i + 1])) {
                continue;
            }
            long key = (long) word[i] << 32 | word[i + 1];
            int p = pairIndex.get(key);
            if (p < 0) {
                p = pairIndex.size();
                pairIndex.put(key, p);
                pairWords.newList(key);
                if (p == pairCount[0].length) {
                    pairCount[0] = Arrays.copyOf(pairCount[0], p * 2);
                }
            }
            if (pairCount[0][p] < 0) {
                continue; // merged or blocked already
            }
            pairCount[0][p] += count;
            if (newToken < 0) {
                pairWords.add(p, w);
            } else if (word[i] == newToken || word[i + 1] == newToken) {
                pairWords.add(p, w);
                touched.add(p);
            }
        }
    }

    private void removePairs(int[] word, long count, LongIntMap pairIndex, long[][] pairCount) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (!mergeable.test(word[i]) || !mergeable.test(word[i + 1])) {
                continue;
            }
            int p = pairIndex.get((long) word[i] << 32 | word[i + 1]);
            if (pairCount[0][p] > 0) {
                pairCount[0][p] -= count;
            }
        }
    }

    /** Per pair, its key and the words it occurs in (appended; a word may repeat, readers skip repeats). */
    private static final class IntListArray {
        private long[] keys = new long[1 << 16];
        private int[][] lists = new int[1 << 16][];
        private int[] sizes = new int[1 << 16];
        private int count;

        void newList(long key) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                lists = Arrays.copyOf(lists, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            keys[count] = key;
            lists[count++] = new int[2];
        }

        long key(int p) {
            return keys[p];
        }

        void add(int p, int w) {
            int n = sizes[p];
            int[] list = lists[p];
            if (n > 0 && list[n - 1] == w) {
                return;
            }
            if (n == list.length) {
                lists[p] = list = Arrays.copyOf(list, n * 2);
            }
            list[n] = w;
            sizes[p] = n + 1;
        }

        void clear(int p) {
            lists[p] = new int[0];
            sizes[p] = 0;
        }

        Cursor cursor(int p) {
            int[] list = lists[p];
            int n = sizes[p];
            return new Cursor() {
                int i;

                @Override
                public int next() {
                    return i < n ? list[i++] : -1;
                }
            };
        }

        interface Cursor {
            int next();
        }
    }
}
