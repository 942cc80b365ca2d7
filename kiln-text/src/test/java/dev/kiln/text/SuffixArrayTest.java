package dev.kiln.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SA-IS and the permuted LCP against sorting the suffixes by brute force, with and without a sentinel. */
class SuffixArrayTest {
    @Test
    void matchesSortedSuffixesOnRandomAndRepetitiveTexts() {
        Random random = new Random(7);
        for (int round = 0; round < 600; round++) {
            int n = 1 + random.nextInt(round < 300 ? 30 : 400);
            int alphabet = 2 + random.nextInt(round % 3 == 0 ? 2 : 40);
            int[] s = new int[n];
            int period = 1 + random.nextInt(6);
            for (int i = 0; i < n - 1; i++) {
                // every fourth text repeats a short period: many equal LMS substrings, so SA-IS recurses
                s[i] = round % 4 == 0 && i >= period ? s[i - period] : 1 + random.nextInt(alphabet - 1);
            }
            int[] sa = SuffixArray.build(s, alphabet);
            assertArrayEquals(naive(s), sa, () -> "text " + Arrays.toString(s));
            int cap = round % 2 == 0 ? Integer.MAX_VALUE : 1 + random.nextInt(5);
            int[] plcp = SuffixArray.permutedLcp(s, sa, cap);
            for (int k = 0; k < n; k++) {
                int expected = k == 0 ? 0 : Math.min(cap, common(s, sa[k - 1], sa[k]));
                assertArrayEquals(new int[] {expected}, new int[] {plcp[sa[k]]}, "LCP at " + k + " of " + Arrays.toString(s));
            }
        }
    }

    /** Against sorting the suffixes by comparison, on random texts over small and large alphabets. */
    @Test
    void matchesNaiveSort() {
        Random r = new Random(9);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(200);
            int upper = trial % 3 == 0 ? 1 : trial % 3 == 1 ? 3 : 1000;
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                // Repeats make induced sorting work: copy earlier stretches now and then.
                s[i] = i > 10 && r.nextInt(3) == 0 ? s[i - 1 - r.nextInt(10)] : r.nextInt(upper + 1);
            }
            Integer[] naive = new Integer[n];
            for (int i = 0; i < n; i++) {
                naive[i] = i;
            }
            Arrays.sort(naive, (a, b) -> {
                int x = a;
                int y = b;
                while (x < n && y < n) {
                    if (s[x] != s[y]) {
                        return Integer.compare(s[x], s[y]);
                    }
                    x++;
                    y++;
                }
                return Integer.compare(n - a, n - b);
            });
            assertArrayEquals(Arrays.stream(naive).mapToInt(Integer::intValue).toArray(), SuffixArray.build(s, upper), "trial " + trial);
        }
    }

    @Test
    void sortsLongUnaryRuns() {
        int[] s = new int[10_001];
        Arrays.fill(s, 0, 10_000, 1);
        int[] expected = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            expected[k] = s.length - 1 - k; // "a…a$": shorter suffixes first
        }
        assertArrayEquals(expected, SuffixArray.build(s, 2));
    }

    private static int[] naive(int[] s) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compare(s, a, s.length, s, b, s.length));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static int common(int[] s, int a, int b) {
        int l = 0;
        while (a + l < s.length && b + l < s.length && s[a + l] == s[b + l]) {
            l++;
        }
        return l;
    }
}
