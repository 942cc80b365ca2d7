package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {
  @Test
  void tokensAreWordsSymbolsCjkCharactersAndLineBreaks() {
    TextFeatures tf = new TextFeatures(1 << 20, 2, 3, 5, 0);
    assertEquals(List.of("hello", ",", "世", "界", "!", "\n", "foo_bar", "(", ")", ";"), tf.tokens("Hello, 世界!\nfoo_bar();"));
    assertEquals(List.of("こ", "ん", "に", "ち", "は", "café", "naïve"), tf.tokens("こんにちは café NAÏVE"));
    assertEquals(List.of("a", "\n", "\n", "b"), tf.tokens("a\n\n\n\nb"), "at most two line breaks in a row");
  }

  @Test
  void featureCountsFollowTheDefinition() {
    TextFeatures tf = new TextFeatures(1 << 20, 2, 3, 5, 0);
    // "ab cd": 2 tokens + 1 bigram; "<ab>" has 2 trigrams and no 4-gram short of the whole; same for "<cd>".
    assertEquals(2 + 1 + 2 + 2, tf.features("ab cd").length);
    // "abcd": 1 token; "<abcd>" (6 chars) has 4 trigrams, 3 4-grams, 2 5-grams.
    assertEquals(1 + 4 + 3 + 2, tf.features("abcd").length);
    // CJK: 4 character tokens + 3 bigrams, no character n-grams.
    assertEquals(4 + 3, tf.features("世界和平").length);
    // No character n-grams when maxn = 0; trigrams of tokens with word n-grams 3.
    TextFeatures words = new TextFeatures(1 << 20, 3, 0, 0, 0);
    assertEquals(4 + 3 + 2, words.features("a b c d").length);
  }

  @Test
  void featuresAreInRangeStableAndCaseInsensitive() {
    TextFeatures tf = new TextFeatures(1000, 2, 3, 5, 0);
    int[] f = tf.features("The quick brown fox jumps over the lazy dog; 敏捷的棕色狐狸");
    assertTrue(Arrays.stream(f).allMatch(i -> i >= 0 && i < 1000));
    assertArrayEquals(f, tf.features("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG; 敏捷的棕色狐狸"));
    assertNotEquals(Arrays.toString(tf.features("ab cd")), Arrays.toString(tf.features("cd ab")), "bigrams depend on order");
  }

  @Test
  void maxCharsBoundsTheTextRead() {
    TextFeatures tf = new TextFeatures(1 << 20, 2, 3, 5, 10);
    assertArrayEquals(tf.features("0123456789"), tf.features("0123456789 and a long tail that is never read"));
    // A surrogate pair straddling the limit is not cut in half.
    TextFeatures nine = new TextFeatures(1 << 20, 1, 0, 0, 10);
    assertEquals(List.of("abcdefghi"), nine.tokens("abcdefghi😀tail"));
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new TextFeatures(0, 2, 3, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new TextFeatures(10, 0, 3, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new TextFeatures(10, 2, 5, 3, 0));
  }
}
