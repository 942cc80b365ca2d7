package dev.kiln.pack.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.testing.SharedData;
import dev.kiln.pack.TokenIds;
import dev.kiln.pack.Tokenizers;
import dev.kiln.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizeAndFimTest {
  @Test
  void tokenizeAddsBosAndEosAndCounts() {
    String llama3 = SharedData.tokenizer("llama3").toString();
    Tokenize t = new Tokenize(new Tokenize.Config(llama3, true, true, "", ""));
    Outcome o = t.apply(Document.of("d", "Hello world"));
    int[] ids = TokenIds.of(o.doc());
    assertEquals(128000, ids[0]);
    assertEquals(128001, ids[ids.length - 1]);
    Tokenizer tok = Tokenizers.load(llama3);
    assertArrayEquals(tok.encode("Hello world"), Arrays.copyOfRange(ids, 1, ids.length - 1));
    assertEquals((long) ids.length, TokenIds.count(o.doc()));
    assertEquals(ids.length, o.counters().get("tokens"));
    // Qwen3 has no BOS; its document separator is <|endoftext|>, not the chat <|im_end|>
    String qwen3 = SharedData.tokenizer("qwen3").toString();
    assertThrows(IllegalArgumentException.class, () -> new Tokenize(new Tokenize.Config(qwen3, true, true, "", "")));
    int[] q = TokenIds.of(new Tokenize(new Tokenize.Config(qwen3, false, true, "", "")).apply(Document.of("d", "x")).doc());
    assertEquals(151643, q[q.length - 1]);
  }

  @Test
  void fimRearrangesWithoutLosingTokens() {
    String qwen3 = SharedData.tokenizer("qwen3").toString();
    Tokenize t = new Tokenize(new Tokenize.Config(qwen3, false, true, "", ""));
    Fim fim = new Fim(new Fim.Config(qwen3, 1.0, 0.5, List.of(), 7));
    int[] s = fim.sentinels();
    assertArrayEquals(new int[] {151659, 151661, 151660}, s); // <|fim_prefix|>, <|fim_suffix|>, <|fim_middle|>
    int psm = 0;
    int spm = 0;
    for (int i = 0; i < 200; i++) {
      Document d = t.apply(Document.of("code/" + i, "def f" + i + "(x):\n    return x * " + i + " + 1\n")).doc();
      int[] before = TokenIds.of(d);
      Document f = fim.apply(d).doc();
      int[] after = TokenIds.of(f);
      assertEquals(before.length + 3, after.length);
      assertEquals(before[before.length - 1], after[after.length - 1], "EOS stays last");
      assertEquals(s[0], after[0]);
      // the multiset of ids is kept, plus the three sentinels
      int[] a = Arrays.copyOf(before, before.length + 3);
      a[before.length] = s[0];
      a[before.length + 1] = s[1];
      a[before.length + 2] = s[2];
      Arrays.sort(a);
      int[] b = after.clone();
      Arrays.sort(b);
      assertArrayEquals(a, b);
      int[] content = Arrays.copyOf(before, before.length - 1);
      if ("psm".equals(f.meta("fim"))) {
        psm++;
        // <PRE> prefix <SUF> suffix <MID> middle: prefix + middle + suffix is the original
        int suf = indexOf(after, s[1]);
        int mid = indexOf(after, s[2]);
        int[] prefix = Arrays.copyOfRange(after, 1, suf);
        int[] suffix = Arrays.copyOfRange(after, suf + 1, mid);
        int[] middle = Arrays.copyOfRange(after, mid + 1, after.length - 1);
        assertArrayEquals(content, concat(prefix, middle, suffix));
      } else {
        spm++;
        // <PRE> <SUF> suffix <MID> prefix middle
        assertEquals(s[1], after[1]);
        int mid = indexOf(after, s[2]);
        int[] suffix = Arrays.copyOfRange(after, 2, mid);
        int[] prefixMiddle = Arrays.copyOfRange(after, mid + 1, after.length - 1);
        assertArrayEquals(content, concat(prefixMiddle, suffix, new int[0]));
      }
      assertArrayEquals(after, TokenIds.of(fim.apply(d).doc()), "the draw is a function of the document id");
    }
    assertTrue(psm > 60 && spm > 60, psm + " psm, " + spm + " spm");
    Fim none = new Fim(new Fim.Config(qwen3, 0.0, 0.5, List.of(), 7));
    Document d = t.apply(Document.of("x", "print(1)")).doc();
    assertEquals(d, none.apply(d).doc());
    // llama3 has no FIM sentinels
    assertThrows(IllegalArgumentException.class, () -> new Fim(new Fim.Config(SharedData.tokenizer("llama3").toString(), 0.5, 0.5, List.of(), 0)));
  }

  static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  static int[] concat(int[] a, int[] b, int[] c) {
    int[] out = Arrays.copyOf(a, a.length + b.length + c.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }
}
