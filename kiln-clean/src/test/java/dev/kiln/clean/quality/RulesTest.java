package dev.kiln.clean.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.StageRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known-answer cases worked out by hand, one or more per rule. */
class RulesTest {
  private static final StageRegistry REG = StageRegistry.load();

  private static DocumentStage stage(String name, String... kv) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return (DocumentStage) REG.create(name, p);
  }

  private static Outcome run(DocumentStage s, String text) throws Exception {
    return s.apply(Document.of("d", text));
  }

  private static double meta(Outcome o, String key) {
    assertTrue(o.kept(), () -> "expected kept, dropped: " + o.dropReason());
    Object v = o.doc().meta(key);
    assertTrue(v instanceof Number, () -> key + " missing in " + o.doc().meta());
    return ((Number) v).doubleValue();
  }

  // ---- gopher_repetition ----

  private static final String[] NO_NGRAMS = {"top_ngram_max", "{}", "dup_ngram_max", "{}"};

  @Test
  void duplicateLinesThreeOfTen() throws Exception {
    // Seven distinct 9-character lines, then the first three again: 3 of 10 lines repeat an earlier
    // one (0.3); their 27 characters over 10*9 + 9 newlines = 99 characters.
    String text = String.join("\n", "aaaa bbbb", "cccc dddd", "eeee ffff", "gggg hhhh", "iiii jjjj", "kkkk llll", "mmmm nnnn",
        "aaaa bbbb", "cccc dddd", "eeee ffff");
    Outcome kept = run(stage("gopher_repetition", NO_NGRAMS[0], NO_NGRAMS[1], NO_NGRAMS[2], NO_NGRAMS[3], "max_dup_line_char_frac", "0.5"), text);
    assertEquals(0.3, meta(kept, "gopher_repetition.dup_line_frac"), 1e-9);
    assertEquals(Math.round(27.0 / 99 * 10000) / 10000.0, meta(kept, "gopher_repetition.dup_line_char_frac"), 1e-9);
    assertEquals(0.0, meta(kept, "gopher_repetition.dup_para_frac"), 1e-9);
    Outcome dropped = run(stage("gopher_repetition", NO_NGRAMS[0], NO_NGRAMS[1], NO_NGRAMS[2], NO_NGRAMS[3], "max_dup_line_frac", "0.29"), text);
    assertEquals("gopher_repetition.dup_line_frac", dropped.dropReason());
    assertEquals(0.3, ((Number) dropped.doc().meta("gopher_repetition.dup_line_frac")).doubleValue(), 1e-9, "the drop carries what it measured");
  }

  @Test
  void duplicateParagraphs() throws Exception {
    // Paragraphs p1, p2, p1: one of three repeats.
    Outcome o = run(stage("gopher_repetition", NO_NGRAMS[0], NO_NGRAMS[1], NO_NGRAMS[2], NO_NGRAMS[3], "max_dup_para_frac", "0.5",
        "max_dup_para_char_frac", "0.5", "max_dup_line_frac", "0.5", "max_dup_line_char_frac", "0.5"), "one two\nthree\n\nfour five\n\none two\nthree");
    assertEquals(Math.round(10000.0 / 3) / 10000.0, meta(o, "gopher_repetition.dup_para_frac"), 1e-9);
  }

  @Test
  void topBigramAndDuplicatedFiveGrams() throws Exception {
    // "the cat" occurs 3 times, 7 characters each, in a 27-character text: 21/27.
    Outcome o = run(stage("gopher_repetition", "top_ngram_max", "{2: 1.0}", "dup_ngram_max", "{}"), "the cat the cat the cat dog");
    assertEquals(Math.round(21.0 / 27 * 10000) / 10000.0, meta(o, "gopher_repetition.top_2_gram"), 1e-9);
    // "a b c d e a b c d e": the 5-gram at word 5 repeats the one at word 0: 5 characters of 19.
    o = run(stage("gopher_repetition", "top_ngram_max", "{}", "dup_ngram_max", "{5: 1.0, 6: 1.0}"), "a b c d e a b c d e");
    assertEquals(Math.round(5.0 / 19 * 10000) / 10000.0, meta(o, "gopher_repetition.dup_5_gram"), 1e-9);
    assertEquals(0.0, meta(o, "gopher_repetition.dup_6_gram"), 1e-9);
    // A text without any repeated bigram has top_2_gram 0 (a unique n-gram is not repetition).
    o = run(stage("gopher_repetition"), "one two three four");
    assertEquals(0.0, meta(o, "gopher_repetition.top_2_gram"), 1e-9);
    // The default 0.20 drops the cat text.
    assertEquals("gopher_repetition.top_2_gram", run(stage("gopher_repetition"), "the cat the cat the cat dog").dropReason());
  }

  @Test
  void chineseNgramsAreCharacterNgrams() throws Exception {
    // 明月 three times in a six-character text: 3 * 2 / 6.
    Outcome o = run(stage("gopher_repetition", "top_ngram_max", "{2: 1.0}", "dup_ngram_max", "{}"), "明月明月明月");
    assertEquals(1.0, meta(o, "gopher_repetition.top_2_gram"), 1e-9);
  }

  // ---- gopher_quality ----

  private static final String[] GOPHER_OFF = {"min_words", "0", "min_stop_words", "0", "min_alpha_words", "-1"};

  @Test
  void gopherWordsStopWordsAndAlpha() throws Exception {
    // Tokens: the, cat, ",", the, dog. The comma is attached, so not a word: 4 words of 3 letters.
    Outcome o = run(stage("gopher_quality", GOPHER_OFF), "the cat, the dog");
    assertEquals(4, meta(o, "gopher_quality.words"), 0);
    assertEquals(3.0, meta(o, "gopher_quality.mean_word_length"), 1e-9);
    assertEquals(2, meta(o, "gopher_quality.stop_words"), 0);
    assertEquals(1.0, meta(o, "gopher_quality.alpha_words"), 1e-9);
    // A dash between spaces is a word (as a whitespace split sees it) without a letter: 2 of 3.
    o = run(stage("gopher_quality", GOPHER_OFF), "cat - dog");
    assertEquals(Math.round(2.0 / 3 * 10000) / 10000.0, meta(o, "gopher_quality.alpha_words"), 1e-9);
    assertEquals("gopher_quality.too_few_words", run(stage("gopher_quality"), "the cat, the dog").dropReason());
  }

  @Test
  void gopherOnChineseCountsCharactersAndSkipsWordLength() throws Exception {
    // 20 Han characters, punctuation attached; 是 is the only stop character.
    String poem = "床前明月光，疑是地上霜。举头望明月，低头思故乡。";
    Outcome o = run(stage("gopher_quality", "min_words", "10", "min_stop_words", "1"), poem);
    assertEquals(20, meta(o, "gopher_quality.words"), 0);
    assertEquals(1, meta(o, "gopher_quality.stop_words"), 0);
    assertEquals(1.0, meta(o, "gopher_quality.alpha_words"), 1e-9);
    assertEquals(1.0, meta(o, "gopher_quality.cjk_share"), 1e-9);
    assertNull(o.doc().meta("gopher_quality.mean_word_length"), "no non-CJK words, no mean length");
    // Mostly-CJK text with a few one-letter Latin words: the mean-length rule does not apply.
    o = run(stage("gopher_quality", "min_words", "10", "min_stop_words", "1"), poem + " a b");
    assertEquals(1.0, meta(o, "gopher_quality.mean_word_length"), 1e-9);
  }

  @Test
  void gopherBulletAndEllipsisLines() throws Exception {
    Outcome o = run(stage("gopher_quality", "min_words", "0", "min_stop_words", "0", "max_symbol_word_ratio", "-1", "min_alpha_words", "-1"), "- one\n- two\n\n- three\nfour...");
    assertEquals(0.75, meta(o, "gopher_quality.bullet_lines"), 1e-9);
    assertEquals(0.25, meta(o, "gopher_quality.ellipsis_lines"), 1e-9);
    // 1 ellipsis over 7 words: one two three four and the three dashes standing alone.
    assertEquals(Math.round(1.0 / 7 * 10000) / 10000.0, meta(o, "gopher_quality.ellipsis_ratio"), 1e-9);
    assertEquals(Math.round(4.0 / 7 * 10000) / 10000.0, meta(o, "gopher_quality.alpha_words"), 1e-9);
    assertEquals("gopher_quality.bullet_lines",
        run(stage("gopher_quality", "min_words", "0", "min_stop_words", "0", "max_symbol_word_ratio", "-1", "min_alpha_words", "-1", "max_bullet_lines", "0.7"), "- one\n- two\n\n- three\nfour...").dropReason());
  }

  // ---- c4_quality ----

  @Test
  void c4KeepsGoodLinesAndCountsSentences() throws Exception {
    String text = String.join("\n",
        "This is a good sentence.",
        "a line without terminal punctuation",
        "Too short.",
        "Another good line here!",
        "We use cookies on this site.",
        "Enable javascript to view it.",
        "A third sentence is fine. And a fourth one too.",
        "Paris is a big city.[1]");
    Outcome o = run(stage("c4_quality", "min_sentences", "5"), text);
    assertEquals(5, meta(o, "c4_quality.sentences"), 0);
    assertEquals(4, meta(o, "c4_quality.good_lines"), 0);
    assertEquals("This is a good sentence.\nAnother good line here!\nA third sentence is fine. And a fourth one too.\nParis is a big city.", o.doc().text());
    assertEquals("c4_quality.too_few_sentences", run(stage("c4_quality", "min_sentences", "6"), text).dropReason());
    Outcome measured = run(stage("c4_quality", "min_sentences", "5", "remove_lines", "false"), text);
    assertEquals(text, measured.doc().text());
  }

  @Test
  void c4DocumentRules() throws Exception {
    assertEquals("c4_quality.lorem_ipsum", run(stage("c4_quality"), "Lorem Ipsum dolor sit amet.").dropReason());
    assertEquals("c4_quality.curly_bracket", run(stage("c4_quality"), "Use the { brace here.").dropReason());
    // Chinese: 。 ends a sentence with no space after it; each verse line is a good line.
    String verse = "床前明月光，疑是地上霜。举头望明月，低头思故乡。\n";
    Outcome o = run(stage("c4_quality", "min_sentences", "6"), verse.repeat(3));
    assertEquals(6, meta(o, "c4_quality.sentences"), 0);
  }

  // ---- fineweb_quality ----

  @Test
  void finewebLinePunctuationAndCjkWidth() throws Exception {
    String tenLines = "one two three four.\n" + "word word word word word word word word\n".repeat(9);
    Outcome o = run(stage("fineweb_quality", "min_line_punct_ratio", "-1", "max_short_line_ratio", "-1", "max_char_dup_ratio", "-1"), tenLines);
    assertEquals(0.1, meta(o, "fineweb_quality.line_punct_ratio"), 1e-9);
    assertEquals("fineweb_quality.line_punct_ratio", run(stage("fineweb_quality"), tenLines).dropReason());
    // A 12-character verse line is 36 columns at width 3 (not short), 12 at width 1 (short).
    String verse = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。";
    assertEquals(0.0, meta(run(stage("fineweb_quality"), verse), "fineweb_quality.short_line_ratio"), 1e-9);
    assertEquals("fineweb_quality.short_line_ratio", run(stage("fineweb_quality", "cjk_char_width", "1"), verse).dropReason());
  }

  @Test
  void finewebDuplicateCharsAndListRatio() throws Exception {
    // "aaaa." repeats: 5 duplicated characters over 17 - 2 newlines = 15.
    Outcome o = run(stage("fineweb_quality", "max_char_dup_ratio", "-1", "max_short_line_ratio", "-1", "max_list_ratio", "-1"), "aaaa.\nbbbb.\naaaa.");
    assertEquals(Math.round(5.0 / 15 * 10000) / 10000.0, meta(o, "fineweb_quality.char_dup_ratio"), 1e-9);
    // 2 newlines over 6 tokens (3 words, 3 attached periods).
    assertEquals(Math.round(2.0 / 6 * 10000) / 10000.0, meta(o, "fineweb_quality.list_ratio"), 1e-9);
  }

  // ---- char_ratio, char_repetition, url_ratio ----

  @Test
  void charRatios() throws Exception {
    Outcome o = run(stage("char_ratio"), "abc 123 中文!!");
    assertEquals(0.3, meta(o, "char_ratio.en"), 1e-9);
    assertEquals(0.3, meta(o, "char_ratio.digit"), 1e-9);
    assertEquals(0.2, meta(o, "char_ratio.zh"), 1e-9);
    assertEquals(0.2, meta(o, "char_ratio.symbol"), 1e-9);
    assertEquals("char_ratio.zh_low", run(stage("char_ratio", "min_zh", "0.5"), "abc 123 中文!!").dropReason());
    assertEquals("char_ratio.digit_high", run(stage("char_ratio"), "1234567 ab").dropReason());
    assertEquals("char_ratio.empty", run(stage("char_ratio"), " \n ").dropReason());
  }

  @Test
  void charRepetition() throws Exception {
    Outcome o = run(stage("char_repetition", "min_chars", "0", "max_top_char", "-1", "max_top_word", "-1", "rep_len", "3", "max_char_ngram_rep", "1"), "abcabcabc");
    // 3-grams: abc x3, bca x2, cab x2 (7 in all); 3 repeat, the top floor(sqrt(3)) = 1 of them: 3/7.
    assertEquals(Math.round(3.0 / 7 * 10000) / 10000.0, meta(o, "char_repetition.char_ngram_rep"), 1e-9);
    assertEquals(Math.round(3.0 / 9 * 10000) / 10000.0, meta(o, "char_repetition.top_char"), 1e-9);
    assertEquals("char_repetition.top_char", run(stage("char_repetition", "min_chars", "0"), "aaaa b").dropReason());
    o = run(stage("char_repetition", "min_chars", "0", "max_top_word", "-1"), "buy buy buy now");
    assertEquals(0.75, meta(o, "char_repetition.top_word"), 1e-9);
    // Short texts are measured but not judged.
    assertTrue(run(stage("char_repetition"), "aaaa b").kept());
  }

  @Test
  void urls() throws Exception {
    String text = "see https://example.com/a, and www.kiln.dev.";
    Outcome o = run(stage("url_ratio", "max_url_chars", "1"), text);
    assertEquals(2, meta(o, "url_ratio.urls"), 0);
    // https://example.com/a (21) and www.kiln.dev (12), trailing punctuation excluded.
    assertEquals(Math.round(33.0 / text.length() * 10000) / 10000.0, meta(o, "url_ratio.url_chars"), 1e-9);
    assertEquals("url_ratio.url_chars", run(stage("url_ratio"), "https://a.example/very/long/path?x=1").dropReason());
    assertEquals(0, meta(run(stage("url_ratio"), "a wwwx.y and foo://bar"), "url_ratio.urls"), 0);
  }

  // ---- keyword_filter, toxic_filter ----

  @Test
  void keywordAndToxicFilters() throws Exception {
    String spam = "Click here to buy now! Act now, limited time offer.";
    Outcome o = run(stage("keyword_filter", "max_low_quality_per_kchar", "-1"), spam);
    assertEquals(4, meta(o, "keyword_filter.low_quality_hits"), 0);
    assertEquals("keyword_filter.low_quality", run(stage("keyword_filter"), spam).dropReason());
    assertEquals("keyword_filter.banned", run(stage("keyword_filter"), "这里代开发票").dropReason());
    assertTrue(run(stage("keyword_filter"), "A classic poem: 床前明月光。").kept());

    assertEquals("toxic_filter.toxic", run(stage("toxic_filter"), "what the fuck").dropReason());
    Outcome masked = run(stage("toxic_filter", "mode", "mask"), "what the fuck, 你个傻逼");
    assertEquals("what the ****, 你个**", masked.doc().text());
    assertEquals(2, meta(masked, "toxic_filter.hits"), 0);
    assertTrue(run(stage("toxic_filter", "max_hits", "1"), "what the fuck").kept());
  }

  @Test
  void everyStageIsRegistered() {
    for (String name : List.of("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality", "char_ratio", "char_repetition",
        "url_ratio", "keyword_filter", "toxic_filter")) {
      assertTrue(REG.contains(name), name);
    }
    assertFalse(REG.get("gopher_quality").global());
  }
}
