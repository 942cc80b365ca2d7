package dev.kiln.clean.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.testing.SharedData;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class NormalizeTest {
  static final Normalize.Config NFC = new Normalize.Config(Normalize.Form.NFC, true, true, true);
  static final Normalize.Config NFKC = new Normalize.Config(Normalize.Form.NFKC, true, true, true);

  static String norm(String s, Normalize.Config c) {
    return Normalize.normalize(s, c);
  }

  @Test
  void unicodeForms() {
    String decomposed = "Cafe\u0301 ﬁne ＡＢＣ１２３";
    assertEquals("Café ﬁne ＡＢＣ１２３", norm(decomposed, NFC));
    assertEquals("Café fine ABC123", norm(decomposed, NFKC));
    assertEquals(decomposed, norm(decomposed, new Normalize.Config(Normalize.Form.NONE, false, false, true)));
  }

  @Test
  void controlsAndInvisiblesRemovedJoinersKept() {
    String s = "\uFEFFa\u0000b\u0007c\u0080d\u009Fe\u200Bf\u00ADg\u2060h" + "\uD800" + "i\u200Dj\u200Ck😀";
    assertEquals("abcdefghi\u200Dj\u200Ck😀", norm(s, NFC));
  }

  @Test
  void whitespaceCollapsedParagraphsAndIndentKept() {
    String s = "\n\n  Title \t here  \r\n\r\n\r\n\r\nFirst\u00A0\u00A0line   of text.   \nSecond\u3000line\n   \n\t\n"
        + "def f():\n    return  1\n\u2029Last\u2028line\u0085end\n\n\n";
    assertEquals("  Title here\n\nFirst line of text.\nSecond line\n\ndef f():\n    return 1\n\nLast\nline\nend", norm(s, NFC));
    // Without keep_indent, leading spaces go too.
    assertEquals("a\nb", norm("  a\n    b  ", new Normalize.Config(Normalize.Form.NFC, true, true, false)));
  }

  @Test
  void paragraphSeparatorsBecomeTwoNewlinesWithoutCollapsing() {
    Normalize.Config keepSpaces = new Normalize.Config(Normalize.Form.NONE, true, false, true);
    assertEquals("\n\n\n\n\n\n", norm("\u2029\u2029\u2029", keepSpaces));
    assertEquals("a\n\nb  c\n", norm("a\u2029b  c\r\n", keepSpaces));
    // Collapsing, a run of separators is one paragraph break.
    assertEquals("a\n\nb", norm("a\u2029\u2029\u2029b\u2029", NFC));
  }

  @Test
  void textNeedingNoChangeComesBackAsTheSameString() {
    String clean = "Already clean.\n\n    indented code\n中文，没有问题。";
    assertSame(clean, norm(clean, NFC));
    assertEquals("a b", norm("a  b", NFC));
  }

  @Test
  void stageDropsWhatBecomesEmpty() {
    Normalize stage = new Normalize(NFC);
    assertEquals("empty", stage.apply(Document.of("x", " \u200B\n\t\u0000 ")).dropReason());
    Outcome o = stage.apply(Document.of("y", "a  b"));
    assertEquals("a b", o.doc().text());
    assertEquals(1L, o.counters().get("chars_removed"));
  }

  /** On real text the output is NFC, holds no control characters and no double spaces, and is idempotent. */
  @Test
  void realCorporaProperties() {
    for (String corpus : new String[] {"fortunes", "kernel-docs", "spam-assassin"}) {
      for (Document d : SharedData.documents(corpus, 300)) {
        String out = norm(d.text(), NFC);
        assertTrue(Normalizer.isNormalized(out, Normalizer.Form.NFC), d.id());
        assertEquals(out, norm(out, NFC), d.id());
        assertTrue(out.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c >= 0x7F && c <= 0x9F), d.id());
        assertTrue(!out.contains("\n\n\n") && !out.matches("(?s).*\\S  +\\S.*"), d.id());
        // Nothing visible is lost: without whitespace and invisibles, input (in NFC) and output are the same.
        String invisible = "[\\s\\p{Zs}\\p{Cc}\uFEFF\u200B\u2060\u00AD\u2028\u2029]";
        assertEquals(Normalizer.normalize(d.text(), Normalizer.Form.NFC).replaceAll(invisible, ""), out.replaceAll(invisible, ""), d.id());
      }
    }
  }
}
