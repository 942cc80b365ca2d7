package dev.kiln.text;

/**
 * Suffix arrays by SA-IS (Nong, Zhang and Chan 2009: induced sorting, linear time) over an integer
 * alphabet, and their longest common prefixes (Kärkkäinen, Manzini and Puglisi's permuted LCP,
 * linear time, one more array). Unigram training seeds its pieces with them and substring_dedup
 * finds repeated spans. A suffix that is a proper prefix of another sorts first. Memory besides
 * the text and the result: a type flag per symbol, a map over positions and the recursion on at
 * most half the symbols, about 15 bytes per symbol at the first level.
 */
public final class SuffixArray {
    private SuffixArray() {}

    /** The suffix array of {@code s}, whose values lie in [0, upper]. */
    public static int[] build(int[] s, int upper) {
        return sais(s, s.length, upper);
    }

    /**
     * For each position i, min(cap, the length of the common prefix of suffix i and the suffix
     * before it in sa) (0 for the first suffix in sa): the LCP array in text order, so that the
     * LCP of sa[k-1] and sa[k] is plcp[sa[k]]. s must end with a symbol found nowhere else in it (a
     * sentinel), which stops every comparison before a suffix runs out.
     */
    public static int[] permutedLcp(int[] s, int[] sa, int cap) {
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

    private static int[] sais(int[] s, int n, int upper) {
        if (n == 0) {
            return new int[0];
        }
        if (n == 1) {
            return new int[] {0};
        }
        if (n == 2) {
            return s[0] < s[1] ? new int[] {0, 1} : new int[] {1, 0};
        }
        int[] sa = new int[n];
        boolean[] ls = new boolean[n];
        for (int i = n - 2; i >= 0; i--) {
            ls[i] = s[i] == s[i + 1] ? ls[i + 1] : s[i] < s[i + 1];
        }
        int[] sumL = new int[upper + 2];
        int[] sumS = new int[upper + 2];
        for (int i = 0; i < n; i++) {
            if (!ls[i]) {
                sumS[s[i]]++;
            } else {
                sumL[s[i] + 1]++;
            }
        }
        for (int i = 0; i <= upper; i++) {
            sumS[i] += sumL[i];
            if (i < upper) {
                sumL[i + 1] += sumS[i];
            }
        }
        int[] lmsMap = new int[n + 1];
        java.util.Arrays.fill(lmsMap, -1);
        int m = 0;
        for (int i = 1; i < n; i++) {
            if (!ls[i - 1] && ls[i]) {
                lmsMap[i] = m++;
            }
        }
        int[] lms = new int[m];
        int k = 0;
        for (int i = 1; i < n; i++) {
            if (!ls[i - 1] && ls[i]) {
                lms[k++] = i;
            }
        }
        int[] buf = new int[upper + 2];
        induce(s, n, sa, ls, sumL, sumS, buf, lms, m);
        if (m > 0) {
            int[] sortedLms = new int[m];
            k = 0;
            for (int v : sa) {
                if (lmsMap[v] != -1) {
                    sortedLms[k++] = v;
                }
            }
            int[] recS = new int[m];
            int recUpper = 0;
            recS[lmsMap[sortedLms[0]]] = 0;
            for (int i = 1; i < m; i++) {
                int l = sortedLms[i - 1];
                int r = sortedLms[i];
                int endL = lmsMap[l] + 1 < m ? lms[lmsMap[l] + 1] : n;
                int endR = lmsMap[r] + 1 < m ? lms[lmsMap[r] + 1] : n;
                boolean same = true;
                if (endL - l != endR - r) {
                    same = false;
                } else {
                    while (l < endL) {
                        if (s[l] != s[r]) {
                            break;
                        }
                        l++;
                        r++;
                    }
                    if (l == n || s[l] != s[r]) {
                        same = false;
                    }
                }
                if (!same) {
                    recUpper++;
                }
                recS[lmsMap[sortedLms[i]]] = recUpper;
            }
            lmsMap = null;
            int[] recSa = sais(recS, m, recUpper);
            for (int i = 0; i < m; i++) {
                sortedLms[i] = lms[recSa[i]];
            }
            induce(s, n, sa, ls, sumL, sumS, buf, sortedLms, m);
        }
        return sa;
    }

    private static void induce(int[] s, int n, int[] sa, boolean[] ls, int[] sumL, int[] sumS, int[] buf, int[] lms, int m) {
        java.util.Arrays.fill(sa, -1);
        System.arraycopy(sumS, 0, buf, 0, buf.length);
        for (int j = 0; j < m; j++) {
            int d = lms[j];
            if (d == n) {
                continue;
            }
            sa[buf[s[d]]++] = d;
        }
        System.arraycopy(sumL, 0, buf, 0, buf.length);
        sa[buf[s[n - 1]]++] = n - 1;
        for (int i = 0; i < n; i++) {
            int v = sa[i];
            if (v >= 1 && !ls[v - 1]) {
                sa[buf[s[v - 1]]++] = v - 1;
            }
        }
        System.arraycopy(sumL, 0, buf, 0, buf.length);
        for (int i = n - 1; i >= 0; i--) {
            int v = sa[i];
            if (v >= 1 && ls[v - 1]) {
                sa[--buf[s[v - 1] + 1]] = v - 1;
            }
        }
    }
}
