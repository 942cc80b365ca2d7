package dev.kiln.clean.keywords;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {
  private static List<String> matches(KeywordMatcher m, String text) {
    List<String> out = new ArrayList<>();
    m.forEachMatch(text, (s, e, g) -> out.add(s + ":" + text.substring(s, e)));
    return out;
  }

  @Test
  void classicOverlappingPatterns() {
    // The textbook example: in "ushers", "she" and "he" end at index 3, "hers" at 5.
    KeywordMatcher m = KeywordMatcher.of(List.of("he", "she", "his", "hers"));
    // Word boundaries: "ushers" is one word, so none of these whole-word patterns matches.
    assertEquals(List.of(), matches(m, "ushers"));
    // As separate words each is found.
    assertEquals(List.of("0:she", "4:he", "7:hers", "12:his"), matches(m, "she he hers his"));
  }

  @Test
  void caseInsensitiveAndFullWidthLatin() {
    KeywordMatcher m = KeywordMatcher.of(List.of("Click Here"));
    assertEquals(1, m.count("Please CLICK HERE now")[0]);
    assertEquals(1, m.count("ｃｌｉｃｋ ｈｅｒｅ")[0]);
    assertEquals(0, m.count("clickhere")[0]);
  }

  @Test
  void wordBoundariesForLatinSubstringsForCjk() {
    KeywordMatcher m = KeywordMatcher.of(List.of("ass", "傻逼"));
    assertEquals(0, m.count("a class of passes")[0]);
    assertEquals(1, m.count("you ass.")[0]);
    assertEquals(1, m.count("ass")[0]);
    // CJK terms match inside running text (no spaces between Chinese words).
    assertEquals(2, m.count("你这个傻逼真是傻逼啊")[0]);
    // A CJK term next to Latin letters still matches (its ends are not word characters).
    assertEquals(1, m.count("abc傻逼def")[0]);
  }

  @Test
  void overlappingHitsCountOncePerGroupAndGroupsAreSeparate() {
    KeywordMatcher m = new KeywordMatcher(List.of("他妈的", "妈的", "free money", "money"), new int[] {0, 0, 1, 1});
    // "他妈的" contains "妈的": one hit. "free money" contains "money": one hit in group 1.
    assertArrayEquals(new int[] {1, 1}, m.count("他妈的 free money"));
    assertArrayEquals(new int[] {1, 2}, m.count("妈的 money money"));
  }

  @Test
  void maskKeepsLengthAndOnlyTouchesMatches() {
    KeywordMatcher m = KeywordMatcher.of(List.of("shit", "傻逼"));
    assertEquals("oh **** 你是**吗 shitake", m.mask("oh shit 你是傻逼吗 shitake", 1L, '*'));
    String clean = "nothing here";
    assertTrue(clean == m.mask(clean, 1L, '*'), "an unchanged text is returned as is");
  }

  @Test
  void supplementaryCharacters() {
    KeywordMatcher m = KeywordMatcher.of(List.of("𠮷野家"));
    assertEquals(1, m.count("去𠮷野家吃饭")[0]);
    assertEquals(0, m.count("去吉野家吃饭")[0]);
  }

  @Test
  void survivesSerialization() throws Exception {
    KeywordMatcher m = KeywordMatcher.of(List.of("spam", "垃圾"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    KeywordMatcher back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (KeywordMatcher) in.readObject();
    }
    assertEquals(2, back.count("spam 垃圾")[0]);
  }

  /** Every occurrence found by a naive scan (with the same folding and boundary rules). */
  private static TreeSet<String> naive(List<String> patterns, String text) {
    TreeSet<String> out = new TreeSet<>();
    StringBuilder f = new StringBuilder();
    for (char c : text.toCharArray()) {
      f.append(KeywordMatcher.fold(c));
    }
    String ft = f.toString();
    for (String p : patterns) {
      StringBuilder fp = new StringBuilder();
      for (char c : p.toCharArray()) {
        fp.append(KeywordMatcher.fold(c));
      }
      String q = fp.toString();
      for (int i = ft.indexOf(q); i >= 0; i = ft.indexOf(q, i + 1)) {
        int end = i + q.length();
        boolean ws = Character.isLetterOrDigit(q.charAt(0)) && !isCjk(q.charAt(0));
        boolean we = Character.isLetterOrDigit(q.charAt(q.length() - 1)) && !isCjk(q.charAt(q.length() - 1));
        if (ws && i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)) && !isCjk(text.charAt(i - 1))) {
          continue;
        }
        if (we && end < text.length() && Character.isLetterOrDigit(text.charAt(end)) && !isCjk(text.charAt(end))) {
          continue;
        }
        out.add(i + ":" + end);
      }
    }
    return out;
  }

  private static boolean isCjk(char c) {
    return (c >= 0x4E00 && c <= 0x9FFF);
  }

  private static void checkAgainstNaive(int patternCount, String alphabet, long seed) {
    Random r = new Random(seed);
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < patternCount; i++) {
      int len = 1 + r.nextInt(6);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      patterns.add(b.toString().strip().isEmpty() ? "x" : b.toString().strip());
    }
    KeywordMatcher m = KeywordMatcher.of(patterns);
    for (int t = 0; t < 50; t++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(300);
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String text = b.toString();
      TreeSet<String> got = new TreeSet<>();
      m.forEachMatch(text, (s, e, g) -> got.add(s + ":" + e));
      assertEquals(naive(patterns, text), got, "text: " + text);
    }
  }

  @Test
  void agreesWithNaiveSearchSmallAlphabetDenseTable() {
    checkAgainstNaive(40, "abAB ,c", 1);
    checkAgainstNaive(200, "ab 中文x", 2);
  }

  @Test
  void agreesWithNaiveSearchLargeAutomatonCompactTable() {
    // 4000 patterns over 1500 CJK characters: states x alphabet is far above the dense-table
    // limit, so the compact goto table with failure links is the one tested here.
    StringBuilder alphabet = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      alphabet.append((char) (0x4E00 + i));
    }
    alphabet.append("ab ");
    checkAgainstNaive(4000, alphabet.toString(), 3);
    assertFalse(4000L * 1500 <= KeywordMatcher.DENSE_LIMIT);
  }

  @Test
  void builtInListsLoadAndUnknownOnesFail() {
    for (String name : List.of("low_quality_en", "low_quality_zh", "banned_en", "banned_zh", "toxic_en", "toxic_zh")) {
      assertFalse(KeywordLists.load("builtin:" + name).isEmpty(), name);
    }
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> KeywordLists.load("builtin:nope"));
    assertTrue(e.getMessage().contains("built-in lists"));
  }
}
