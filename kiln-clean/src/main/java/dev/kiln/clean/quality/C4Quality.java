package dev.kiln.clean.quality;

import dev.kiln.clean.text.Chars;
import dev.kiln.clean.text.Lines;
import dev.kiln.clean.text.Tokens;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.Locale;

/**
 * C4's rules (Raffel et al. 2020, section 2.2), CJK-aware. Line rules decide which lines are
 * "good"; with remove_lines (C4's behaviour) the kept text is the good lines joined by newlines.
 *
 * <p>A line is dropped when it has a word longer than max_word_length, does not end in terminal
 * punctuation (. ! ? and the CJK full stop, full-width ! ?, optionally followed by closing quotes or
 * brackets; an ellipsis does not count), has fewer than min_words_per_line words (a CJK character
 * is a word), mentions javascript, or has a cookie/terms-of-use phrase. Wikipedia citation marks
 * ([1], [edit], [citation needed]) are removed first.
 *
 * <p>Document drop reasons ({@code c4_quality.<rule>}): {@code lorem_ipsum} (anywhere in the
 * text), {@code curly_bracket} (a '{' in a good line), {@code too_few_sentences} (sentences in the
 * good lines below min_sentences; a sentence ends at terminal punctuation followed by a space, a
 * line end, or, for CJK punctuation, anything). Measures: {@code lines}, {@code good_lines},
 * {@code sentences}; a document dropped for lorem_ipsum or curly_bracket carries {@code lines} only.
 */
@StageInfo(name = "c4_quality", description = "C4 rules, CJK-aware: terminal punctuation, words per line, javascript/policy lines, lorem ipsum, curly brackets, sentence count.")
public final class C4Quality extends MeasuringStage {
  private static final long serialVersionUID = 1L;
  private static final String[] POLICY = {"terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"};

  public record Config(
      @Param(value = "keep only the good lines in the text (C4); false only measures and applies the document rules", defaultValue = "true") boolean removeLines,
      @Param(value = "fewest sentences in the good lines; negative turns the rule off", defaultValue = "5") int minSentences,
      @Param(value = "fewest words in a good line (a CJK character is a word)", defaultValue = "3") int minWordsPerLine,
      @Param(value = "a line with a longer word is dropped; negative turns the rule off", defaultValue = "1000") int maxWordLength,
      @Param(value = "a good line ends in terminal punctuation", defaultValue = "true") boolean requireTerminalPunct,
      @Param(value = "drop lines mentioning javascript", defaultValue = "true") boolean dropJavascriptLines,
      @Param(value = "drop lines with cookie or terms-of-use phrases", defaultValue = "true") boolean dropPolicyLines,
      @Param(value = "drop documents containing 'lorem ipsum'", defaultValue = "true") boolean dropLoremIpsum,
      @Param(value = "drop documents with a '{' in a good line", defaultValue = "true") boolean dropCurlyBracket,
      @Param(value = "remove citation marks like [1], [edit], [citation needed]", defaultValue = "true") boolean removeCitations)
      implements java.io.Serializable {}

  private final Config c;

  public C4Quality(Config config) {
    this.c = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String text = doc.text();
    Lines lines = Lines.of(text);
    // Measured first, so the document rules below drop with it (good_lines and sentences are not
    // counted for a document dropped before the end).
    m.put("lines", lines.size());
    if (c.dropLoremIpsum() && containsIgnoreCase(text, "lorem ipsum")) {
      return m.drop("lorem_ipsum", doc);
    }
    Tokens tokens = Tokens.of(text);
    StringBuilder kept = c.removeLines() ? new StringBuilder(text.length()) : null;
    int sentences = 0;
    int good = 0;
    int tok = 0;
    for (int i = 0; i < lines.size(); i++) {
      int from = Chars.firstNonSpace(text, lines.start(i), lines.end(i));
      int to = Chars.lastNonSpace(text, from, lines.end(i)) + 1;
      // Words in this line, from the shared tokenization (tokens are in text order).
      while (tok < tokens.size() && tokens.start(tok) < from) {
        tok++;
      }
      int words = 0;
      boolean longWord = false;
      int j = tok;
      for (; j < tokens.size() && tokens.start(j) < to; j++) {
        if (tokens.isWord(j)) {
          words++;
        }
        if (c.maxWordLength() >= 0 && tokens.length(j) > c.maxWordLength()) {
          longWord = true;
        }
      }
      tok = j;
      if (from >= to || longWord) {
        continue;
      }
      String line = text.substring(from, to);
      if (c.removeCitations() && line.indexOf('[') >= 0) {
        line = removeCitations(line);
      }
      if (c.requireTerminalPunct() && !endsWithTerminal(line)) {
        continue;
      }
      if (words < c.minWordsPerLine()) {
        continue;
      }
      if (c.dropJavascriptLines() && containsIgnoreCase(line, "javascript")) {
        continue;
      }
      if (c.dropCurlyBracket() && line.indexOf('{') >= 0) {
        return m.drop("curly_bracket", doc);
      }
      if (c.dropPolicyLines() && hasPolicy(line)) {
        continue;
      }
      good++;
      sentences += sentences(line);
      if (kept != null) {
        if (kept.length() > 0) {
          kept.append('\n');
        }
        kept.append(line);
      }
    }
    m.put("good_lines", good).put("sentences", sentences);
    if (c.minSentences() >= 0 && sentences < c.minSentences()) {
      return m.drop("too_few_sentences", doc);
    }
    Document out = kept == null ? doc : doc.withText(kept.toString());
    return m.keep(out);
  }

  /** Whether a stripped line ends in terminal punctuation (closing quotes may follow), not an ellipsis. */
  static boolean endsWithTerminal(String line) {
    int n = line.length();
    if (n == 0) {
      return false;
    }
    char last = line.charAt(n - 1);
    if (last == '"' || last == '\'') {
      return true; // as C4: a line ending in a quote mark counts
    }
    int i = n - 1;
    while (i >= 0 && Chars.isCloser(line.charAt(i))) {
      i--;
    }
    if (i < 0 || !Chars.isTerminal(line.charAt(i))) {
      return false;
    }
    return !(line.charAt(i) == '.' && i >= 2 && line.charAt(i - 1) == '.' && line.charAt(i - 2) == '.');
  }

  /** Sentence ends: runs of terminal punctuation followed by a space, a closer or the line end (CJK: always). */
  static int sentences(String line) {
    int count = 0;
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char ch = line.charAt(i);
      if (!Chars.isTerminal(ch)) {
        continue;
      }
      int j = i;
      while (j + 1 < n && Chars.isTerminal(line.charAt(j + 1))) {
        j++;
      }
      boolean cjk = ch > 0x2FFF;
      int k = j + 1;
      while (k < n && Chars.isCloser(line.charAt(k))) {
        k++;
      }
      if (cjk || k == n || Chars.classOf(line.charAt(k)) == Chars.SPACE) {
        count++;
      }
      i = j;
    }
    return count;
  }

  static String removeCitations(String line) {
    StringBuilder b = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char ch = line.charAt(i);
      if (ch == '[') {
        int close = line.indexOf(']', i);
        if (close > 0) {
          String inside = line.substring(i + 1, close);
          if (inside.equals("edit") || inside.equals("citation needed") || inside.chars().allMatch(Character::isDigit)) {
            i = close + 1;
            continue;
          }
        }
      }
      b.append(ch);
      i++;
    }
    return b.toString();
  }

  private static boolean hasPolicy(String line) {
    String l = line.toLowerCase(Locale.ROOT);
    for (String p : POLICY) {
      if (l.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** ASCII case-insensitive search for a lower-case ASCII needle. */
  static boolean containsIgnoreCase(String hay, String needle) {
    char first = needle.charAt(0);
    int last = hay.length() - needle.length();
    outer:
    for (int i = 0; i <= last; i++) {
      char ch = hay.charAt(i);
      if ((ch | 0x20) != first) {
        continue;
      }
      for (int k = 1; k < needle.length(); k++) {
        char a = hay.charAt(i + k);
        char b = needle.charAt(k);
        if (a != b && !(b >= 'a' && b <= 'z' && (a | 0x20) == b)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
