package dev.kiln.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuffixArrayTest {
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
}
