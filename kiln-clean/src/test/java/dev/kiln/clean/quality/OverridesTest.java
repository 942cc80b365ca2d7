package dev.kiln.clean.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeException;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.StageRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-domain thresholds through the recipe: {@code by: domain} plus {@code overrides}. */
class OverridesTest {
  private static Recipe parse(String stages) {
    return new RecipeParser(StageRegistry.load()).parse("inputs: [in.jsonl]\noutput: out\nstages:\n" + stages, Path.of("."));
  }

  @Test
  void codeGetsItsOwnRepetitionThresholds() throws Exception {
    DocumentStage s = (DocumentStage) parse("""
          - gopher_repetition:
              max_dup_line_frac: 0.3
              by: domain
              overrides:
                code: {max_dup_line_frac: 0.6, max_dup_line_char_frac: 0.6, top_ngram_max: {}, dup_ngram_max: {}}
        """).stages().get(0).stage();
    // 4 of 10 lines repeat "}" or "return x;": too repetitive for prose, normal for code.
    String text = "int f() {\nreturn x;\n}\nint g() {\nreturn x;\n}\nint h() {\nreturn x;\n}\nint k() {";
    assertEquals("gopher_repetition.dup_line_frac", s.apply(Document.of("a", text, Map.of("domain", "news"))).dropReason());
    assertTrue(s.apply(Document.of("b", text, Map.of("domain", "code"))).kept());
    assertEquals("gopher_repetition.dup_line_frac", s.apply(Document.of("c", text)).dropReason(), "no domain: the base thresholds");
  }

  @Test
  void onlyAppliesTheStageToTheListedValues() throws Exception {
    DocumentStage s = (DocumentStage) parse("""
          - length_filter:
              min_chars: 100
              by: source
              only: [mail, web]
              overrides:
                web: {min_chars: 5}
        """).stages().get(0).stage();
    String shortText = "a short text";
    assertEquals("too_short", s.apply(Document.of("a", shortText, Map.of("source", "mail"))).dropReason());
    assertTrue(s.apply(Document.of("b", shortText, Map.of("source", "web"))).kept(), "web's own threshold");
    assertTrue(s.apply(Document.of("c", shortText, Map.of("source", "poems"))).kept(), "not listed: untouched");
    assertTrue(s.apply(Document.of("d", shortText)).kept(), "no source: untouched");
    RecipeException e = assertThrows(RecipeException.class, () -> parse("""
          - length_filter: {by: source, only: mail}
        """));
    assertTrue(e.getMessage().contains("'only' must be a non-empty list"), e.getMessage());
  }

  @Test
  void badParametersFailAtParseTime() {
    assertThrows(RecipeException.class, () -> parse("  - gopher_quality: {min_wrods: 3}\n"));
    assertThrows(RecipeException.class, () -> parse("  - gopher_repetition: {top_ngram_max: {two: 0.2}}\n"));
    assertThrows(RecipeException.class, () -> parse("  - toxic_filter: {mode: censor}\n"));
    assertThrows(RecipeException.class, () -> parse("  - keyword_filter: {banned_lists: [builtin:nope]}\n"));
    assertThrows(RecipeException.class, () -> parse("  - gopher_quality: {stop_words: [two words]}\n"));
  }
}
