package dev.kiln.clean.keywords;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.clean.text.Chars;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aho-Corasick multi-pattern matching over UTF-16 chars, written for keyword and toxic-term lists.
 *
 * <ul>
 *   <li>Case-insensitive for every cased script (a char table folds upper to lower case, and
 *       full-width Latin such as {@code ＦＲＥＥ} to ASCII), with no per-character calls.</li>
 *   <li>Word-boundary aware: a pattern that starts (ends) with a letter or digit of a
 *       space-separated script matches only where the text has no letter or digit just before
 *       (after) it, so "ass" does not match inside "class". CJK patterns match as substrings.</li>
 *   <li>Compact: characters map to a dense alphabet; the root has a full table, deeper states
 *       keep their few transitions in one sorted array (CSR layout) and fall back along failure
 *       links. A character in no pattern sends the automaton straight to the root.</li>
 * </ul>
 *
 * Each pattern belongs to a group (e.g. 0 = low-quality, 1 = banned); the same pattern in several
 * groups counts for each. Built once per stage and shared read-only by all threads.
 */
public final class KeywordMatcher implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The patterns as given, and each one's group; all the rest is rebuilt from them. */
  private final List<String> patterns;
  private final int[] groups;
  private final int groupCount;

  private transient char[] alpha;          // folded char -> alphabet index (0 = in no pattern)
  private transient int[] rootNext;        // alphabet index -> state from the root
  private transient int[] rowStart;        // state -> first transition in labels/targets
  private transient char[] labels;         // transition labels (alphabet indices), sorted per state
  private transient int[] targets;
  private transient int[] fail;
  private transient int[] outFirst;        // state -> first state on its failure chain (itself included) ending a pattern, or -1
  private transient int[] dictNext;        // state ending a pattern -> next such state on its failure chain, or -1
  private transient int[] depth;
  private transient long[] stateGroups;    // state ending a pattern -> bit mask of its groups
  private transient boolean[] wordStart;   // state ending a pattern -> whether the pattern starts with a word char
  private transient boolean[] wordEnd;
  private transient int alphabetSize;
  private transient int[] dense;           // full DFA: state * alphabetSize + label -> state, when small enough; else null

  /** The largest full transition table built (ints); larger automata use the compact table only. */
  static final int DENSE_LIMIT = 1 << 21;

  /** Builds a matcher; {@code groups[i]} is pattern i's group in [0, 63]. Blank patterns are ignored. */
  public KeywordMatcher(List<String> patterns, int[] groups) {
    this(patterns, groups, 1);
  }

  /** As above, with at least {@code minGroups} groups (some may have no patterns). */
  public KeywordMatcher(List<String> patterns, int[] groups, int minGroups) {
    checkArgument(patterns.size() == groups.length, "one group per pattern");
    this.patterns = List.copyOf(patterns);
    this.groups = groups.clone();
    int max = Math.max(1, minGroups);
    for (int g : groups) {
      checkArgument(g >= 0 && g <= 63, "groups are 0..63, got " + g);
      max = Math.max(max, g + 1);
    }
    this.groupCount = max;
    build();
  }

  /** One group of patterns. */
  public static KeywordMatcher of(List<String> patterns) {
    return new KeywordMatcher(patterns, new int[patterns.size()]);
  }

  public int groupCount() {
    return groupCount;
  }

  /** How a char compares: lower case, full-width ASCII folded to ASCII. */
  public static char fold(char c) {
    if (c >= '\uFF01' && c <= '\uFF5E') {
      c = (char) (c - 0xFEE0);
    }
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.isSurrogate(c) ? c : Character.toLowerCase(c);
  }

  private static boolean isWordChar(char c) {
    byte k = Chars.classOf(c);
    return k == Chars.LETTER || k == Chars.DIGIT;
  }

  private void build() {
    // Folded, de-duplicated patterns with their group masks.
    Map<String, Long> unique = new LinkedHashMap<>();
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i).strip();
      if (p.isEmpty()) {
        continue;
      }
      StringBuilder f = new StringBuilder(p.length());
      for (int j = 0; j < p.length(); j++) {
        f.append(fold(p.charAt(j)));
      }
      unique.merge(f.toString(), 1L << groups[i], (a, b) -> a | b);
    }
    // Alphabet: every folded char of every pattern, numbered from 1.
    TreeMap<Character, Integer> index = new TreeMap<>();
    for (String p : unique.keySet()) {
      for (char c : p.toCharArray()) {
        index.putIfAbsent(c, 0);
      }
    }
    int a = 1;
    for (Map.Entry<Character, Integer> e : index.entrySet()) {
      e.setValue(a++);
    }
    int alphabet = a;
    alpha = new char[65536];
    for (int c = 0; c < 65536; c++) {
      Integer ix = index.get(fold((char) c));
      alpha[c] = ix == null ? 0 : (char) (int) ix;
    }
    // Trie with hash-map children while building.
    List<Map<Character, Integer>> children = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    Map<Integer, Long> ends = new HashMap<>();
    Map<Integer, String> endPattern = new HashMap<>();
    children.add(new TreeMap<>());
    depths.add(0);
    for (Map.Entry<String, Long> e : unique.entrySet()) {
      int s = 0;
      for (char c : e.getKey().toCharArray()) {
        char label = (char) (int) index.get(c);
        Integer t = children.get(s).get(label);
        if (t == null) {
          t = children.size();
          children.add(new TreeMap<>());
          depths.add(depths.get(s) + 1);
          children.get(s).put(label, t);
        }
        s = t;
      }
      ends.merge(s, e.getValue(), (x, y) -> x | y);
      endPattern.put(s, e.getKey());
    }
    int states = children.size();
    rowStart = new int[states + 1];
    int edges = 0;
    for (int s = 0; s < states; s++) {
      rowStart[s] = edges;
      edges += children.get(s).size();
    }
    rowStart[states] = edges;
    labels = new char[edges];
    targets = new int[edges];
    for (int s = 0; s < states; s++) {
      int k = rowStart[s];
      for (Map.Entry<Character, Integer> e : children.get(s).entrySet()) {
        labels[k] = e.getKey();
        targets[k] = e.getValue();
        k++;
      }
    }
    rootNext = new int[alphabet];
    for (Map.Entry<Character, Integer> e : children.get(0).entrySet()) {
      rootNext[e.getKey()] = e.getValue();
    }
    depth = depths.stream().mapToInt(Integer::intValue).toArray();
    stateGroups = new long[states];
    wordStart = new boolean[states];
    wordEnd = new boolean[states];
    for (Map.Entry<Integer, Long> e : ends.entrySet()) {
      String p = endPattern.get(e.getKey());
      stateGroups[e.getKey()] = e.getValue();
      wordStart[e.getKey()] = isWordChar(p.charAt(0));
      wordEnd[e.getKey()] = isWordChar(p.charAt(p.length() - 1));
    }
    // Failure links, breadth first.
    fail = new int[states];
    outFirst = new int[states];
    dictNext = new int[states];
    Arrays.fill(outFirst, -1);
    Arrays.fill(dictNext, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int k = rowStart[0]; k < rowStart[1]; k++) {
      fail[targets[k]] = 0;
      queue.add(targets[k]);
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      int f = fail[s];
      int onChain = f == 0 ? -1 : outFirst[f];
      dictNext[s] = onChain;
      outFirst[s] = stateGroups[s] != 0 ? s : onChain;
      for (int k = rowStart[s]; k < rowStart[s + 1]; k++) {
        int t = targets[k];
        char label = labels[k];
        int g = f;
        int next;
        while (true) {
          next = step(g, label);
          if (next >= 0 || g == 0) {
            break;
          }
          g = fail[g];
        }
        fail[t] = next >= 0 && next != t ? next : 0;
        queue.add(t);
      }
    }
    // A full DFA when it fits: one table lookup per character, no failure-link walks. States in
    // breadth-first order, so a state's failure target's row is complete before its own.
    alphabetSize = alphabet;
    dense = null;
    if ((long) states * alphabet <= DENSE_LIMIT) {
      int[] d = new int[states * alphabet];
      System.arraycopy(rootNext, 0, d, 0, alphabet);
      ArrayDeque<Integer> order = new ArrayDeque<>();
      for (int k = rowStart[0]; k < rowStart[1]; k++) {
        order.add(targets[k]);
      }
      while (!order.isEmpty()) {
        int st = order.poll();
        System.arraycopy(d, fail[st] * alphabet, d, st * alphabet, alphabet);
        d[st * alphabet] = 0;
        for (int k = rowStart[st]; k < rowStart[st + 1]; k++) {
          d[st * alphabet + labels[k]] = targets[k];
          order.add(targets[k]);
        }
      }
      dense = d;
    }
  }

  /** The goto function: the state reached from s on an alphabet label, or -1 (root: 0). */
  private int step(int s, char label) {
    if (s == 0) {
      return rootNext[label];
    }
    int lo = rowStart[s];
    int hi = rowStart[s + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      char m = labels[mid];
      if (m < label) {
        lo = mid + 1;
      } else if (m > label) {
        hi = mid - 1;
      } else {
        return targets[mid];
      }
    }
    return -1;
  }

  /** Receives matches: the text range [start, end) and the pattern's group mask. */
  @FunctionalInterface
  public interface MatchSink {
    void match(int start, int end, long groupMask);
  }

  /**
   * Reports every match (overlapping ones too) that passes the word-boundary check, in order of
   * end position; for one end position, longer patterns first.
   */
  public void forEachMatch(CharSequence text, MatchSink sink) {
    int n = text.length();
    int s = 0;
    if (dense != null) {
      int[] d = dense;
      char[] al = alpha;
      int as = alphabetSize;
      for (int i = 0; i < n; i++) {
        s = d[s * as + al[text.charAt(i)]];
        if (outFirst[s] >= 0) {
          report(text, n, i, s, sink);
        }
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      char label = alpha[text.charAt(i)];
      if (label == 0) {
        s = 0;
        continue;
      }
      while (true) {
        int t = step(s, label);
        if (t >= 0) {
          s = t;
          break;
        }
        if (s == 0) {
          break;
        }
        s = fail[s];
      }
      if (outFirst[s] >= 0) {
        report(text, n, i, s, sink);
      }
    }
  }

  private void report(CharSequence text, int n, int i, int s, MatchSink sink) {
    for (int o = outFirst[s]; o >= 0; o = dictNext[o]) {
      int end = i + 1;
      int start = end - depth[o];
      if (wordStart[o] && start > 0 && isWordChar(text.charAt(start - 1))) {
        continue;
      }
      if (wordEnd[o] && end < n && isWordChar(text.charAt(end))) {
        continue;
      }
      sink.match(start, end, stateGroups[o]);
    }
  }

  /**
   * Non-overlapping hits per group: a match counts unless it overlaps the last counted match of
   * the same group (so "他妈的" with both "他妈的" and "妈的" listed is one hit).
   */
  public int[] count(CharSequence text) {
    int[] counts = new int[groupCount];
    int[] lastEnd = new int[groupCount];
    forEachMatch(text, (start, end, mask) -> {
      for (int g = 0; g < groupCount; g++) {
        if ((mask & (1L << g)) != 0 && start >= lastEnd[g]) {
          counts[g]++;
          lastEnd[g] = end;
        }
      }
    });
    return counts;
  }

  /** The text with every character of every match of the groups in the mask replaced by maskChar. */
  public String mask(String text, long groupMask, char maskChar) {
    char[][] out = new char[1][];
    forEachMatch(text, (start, end, mask) -> {
      if ((mask & groupMask) != 0) {
        if (out[0] == null) {
          out[0] = text.toCharArray();
        }
        Arrays.fill(out[0], start, end, maskChar);
      }
    });
    return out[0] == null ? text : new String(out[0]);
  }

  /** Engines ship stages serialized: only the patterns travel; the automaton is rebuilt. */
  private Object readResolve() throws ObjectStreamException {
    return new KeywordMatcher(patterns, groups, groupCount);
  }
}
