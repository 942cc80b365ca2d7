package dev.kiln.tokenizer.train;

import java.util.Arrays;

/**
 * Suffix arrays over int symbols by induced sorting (SA-IS, Nong, Zhang and Chan 2009: linear
 * time, a few bytes per symbol beyond the input and the array), and their longest common prefixes
 * (Kärkkäinen, Manzini and Puglisi's permuted LCP, linear time, one more array).
 */
final class SuffixArray {
    private SuffixArray() {}

    /**
     * The suffix array of s: the start positions of its suffixes in lexicographic order. s must
     * end with 0, hold 0 nowhere else, and have its other symbols in [1, alphabet).
     */
    static int[] build(int[] s, int alphabet) {
        int n = s.length;
        if (n == 0 || s[n - 1] != 0) {
            throw new IllegalArgumentException("the text must end with the sentinel 0");
        }
        for (int i = 0; i < n - 1; i++) {
            if (s[i] <= 0 || s[i] >= alphabet) {
                throw new IllegalArgumentException("symbol " + s[i] + " at " + i + " is outside [1, " + alphabet + ")");
            }
        }
        int[] sa = new int[n];
        sais(s, sa, alphabet);
        return sa;
    }

    /**
     * For each position i, min(cap, the length of the common prefix of suffix i and the suffix
     * before it in sa) (0 for the first suffix in sa): the LCP array in text order, so that the
     * LCP of sa[k-1] and sa[k] is plcp[sa[k]]. s must end with a unique sentinel, as for build.
     */
    static int[] permutedLcp(int[] s, int[] sa, int cap) {
        int n = s.length;
        int[] plcp = new int[n];
        plcp[sa[0]] = -1; // holds phi (the preceding suffix) first, then the LCP in place
        for (int k = 1; k < n; k++) {
            plcp[sa[k]] = sa[k - 1];
        }
        int l = 0;
        for (int i = 0; i < n; i++) {
            int j = plcp[i];
            if (j < 0) {
                plcp[i] = 0;
                l = 0;
                continue;
            }
            // the unique sentinel ends the comparison before either suffix runs out
            while (l < cap && s[i + l] == s[j + l]) {
                l++;
            }
            plcp[i] = l;
            l = Math.max(0, l - 1); // suffix i+1 shares at least l-1 with its predecessor
        }
        return plcp;
    }

    private static void sais(int[] s, int[] sa, int alphabet) {
        int n = s.length;
        if (n == 1) {
            sa[0] = 0;
            return;
        }
        // S-type: smaller than the suffix after it; the sentinel is S
        boolean[] stype = new boolean[n];
        stype[n - 1] = true;
        for (int i = n - 2; i >= 0; i--) {
            stype[i] = s[i] < s[i + 1] || (s[i] == s[i + 1] && stype[i + 1]);
        }
        int[] bucket = new int[alphabet];

        // 1. sort the LMS substrings: LMS positions at their bucket ends, then induce
        Arrays.fill(sa, -1);
        bucketEnds(s, bucket);
        for (int i = 1; i < n; i++) {
            if (isLms(stype, i)) {
                sa[--bucket[s[i]]] = i;
            }
        }
        induce(s, sa, stype, bucket);

        // 2. name the sorted LMS substrings; equal substrings get equal names
        int lmsCount = 0;
        for (int i = 0; i < n; i++) {
            if (isLms(stype, sa[i])) {
                sa[lmsCount++] = sa[i];
            }
        }
        Arrays.fill(sa, lmsCount, n, -1);
        int names = 0;
        int prev = -1;
        for (int k = 0; k < lmsCount; k++) {
            int pos = sa[k];
            if (prev < 0 || !sameLmsSubstring(s, stype, pos, prev)) {
                names++;
                prev = pos;
            }
            sa[lmsCount + pos / 2] = names - 1; // LMS positions are at least 2 apart: no clash
        }
        int[] reduced = new int[lmsCount];
        for (int i = n - 1, j = lmsCount; i >= lmsCount; i--) {
            if (sa[i] >= 0) {
                reduced[--j] = sa[i];
            }
        }

        // 3. order the LMS suffixes: by recursion when two names coincide
        int[] reducedSa;
        if (names < lmsCount) {
            reducedSa = new int[lmsCount];
            sais(reduced, reducedSa, names);
        } else {
            reducedSa = new int[lmsCount];
            for (int i = 0; i < lmsCount; i++) {
                reducedSa[reduced[i]] = i;
            }
        }
        int[] lmsPositions = reduced; // reused: the i-th LMS position in text order
        for (int i = 1, j = 0; i < n; i++) {
            if (isLms(stype, i)) {
                lmsPositions[j++] = i;
            }
        }

        // 4. the sorted LMS suffixes at their bucket ends, in reverse so each bucket keeps its order; induce
        Arrays.fill(sa, -1);
        bucketEnds(s, bucket);
        for (int k = lmsCount - 1; k >= 0; k--) {
            int pos = lmsPositions[reducedSa[k]];
            sa[--bucket[s[pos]]] = pos;
        }
        induce(s, sa, stype, bucket);
    }

    /** L-type suffixes from the left, then S-type suffixes from the right. */
    private static void induce(int[] s, int[] sa, boolean[] stype, int[] bucket) {
        int n = s.length;
        bucketStarts(s, bucket);
        for (int k = 0; k < n; k++) {
            int j = sa[k] - 1;
            if (j >= 0 && !stype[j]) {
                sa[bucket[s[j]]++] = j;
            }
        }
        bucketEnds(s, bucket);
        for (int k = n - 1; k >= 0; k--) {
            int j = sa[k] - 1;
            if (j >= 0 && stype[j]) {
                sa[--bucket[s[j]]] = j;
            }
        }
    }

    private static boolean sameLmsSubstring(int[] s, boolean[] stype, int a, int b) {
        for (int d = 0; ; d++) {
            if (s[a + d] != s[b + d] || stype[a + d] != stype[b + d]) {
                return false;
            }
            if (d > 0 && (isLms(stype, a + d) || isLms(stype, b + d))) {
                return isLms(stype, a + d) && isLms(stype, b + d);
            }
        }
    }

    private static boolean isLms(boolean[] stype, int i) {
        return i > 0 && stype[i] && !stype[i - 1];
    }

    private static void bucketStarts(int[] s, int[] bucket) {
        counts(s, bucket);
        int sum = 0;
        for (int c = 0; c < bucket.length; c++) {
            int size = bucket[c];
            bucket[c] = sum;
            sum += size;
        }
    }

    private static void bucketEnds(int[] s, int[] bucket) {
        counts(s, bucket);
        int sum = 0;
        for (int c = 0; c < bucket.length; c++) {
            sum += bucket[c];
            bucket[c] = sum;
        }
    }

    private static void counts(int[] s, int[] bucket) {
        Arrays.fill(bucket, 0);
        for (int c : s) {
            bucket[c]++;
        }
    }
}
