package dev.kiln.clean.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.RecipeException;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.StageRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiStageTest {
  private static PiiStage stage(boolean replace, boolean values, PiiType... types) {
    return new PiiStage(new PiiStage.Config(List.of(types.length == 0 ? PiiType.values() : types), replace, "pii", values));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> spans(Outcome o) {
    return (List<Map<String, Object>>) o.doc().meta("pii");
  }

  @Test
  void replacesWithTagsAndRecordsSpansOverTheOriginalText() {
    String text = "Mail bob@example.com or call 415-555-2671.";
    Outcome o = stage(true, true).apply(Document.of("d", text));
    assertEquals("Mail <EMAIL> or call <PHONE>.", o.doc().text());
    assertEquals(List.of(
        Map.of("type", "EMAIL", "start", 5, "end", 20, "value", "bob@example.com"),
        Map.of("type", "PHONE", "start", 29, "end", 41, "value", "415-555-2671")), spans(o));
    assertEquals(Map.of("pii_email", 1L, "pii_phone", 1L), o.counters());
  }

  @Test
  void offsetsAreCodePointsNotUtf16Units() {
    // Two emoji (each two UTF-16 units) and CJK before the address: code point offsets differ from Java indices.
    String text = "😀😀 联系：a@b.cn";
    Outcome o = stage(true, true).apply(Document.of("d", text));
    Map<String, Object> s = spans(o).get(0);
    assertEquals(6, s.get("start"));
    assertEquals(12, s.get("end"));
    int[] cps = text.codePoints().toArray();
    assertEquals("a@b.cn", new String(cps, 6, 6));
    assertEquals("😀😀 联系：<EMAIL>", o.doc().text());
  }

  @Test
  void annotateOnlyAndWithoutValues() {
    String text = "host 10.0.0.1";
    Outcome o = stage(false, false).apply(Document.of("d", text));
    assertEquals(text, o.doc().text());
    assertEquals(List.of(Map.of("type", "IP_ADDRESS", "start", 5, "end", 13)), spans(o));
  }

  @Test
  void everyDocumentGetsTheListEvenWhenEmpty() {
    Outcome o = stage(true, true).apply(Document.of("d", "nothing personal here"));
    assertEquals(List.of(), o.doc().meta("pii"));
    assertEquals("nothing personal here", o.doc().text());
  }

  @Test
  void selectedTypesOnly() {
    Outcome o = stage(true, true, PiiType.IP_ADDRESS).apply(Document.of("d", "a@b.com from 10.0.0.1"));
    assertEquals("a@b.com from <IP_ADDRESS>", o.doc().text());
  }

  @Test
  void builtFromRecipeParametersWithLowerCaseTypeNames() {
    StageRegistry reg = StageRegistry.of(List.of(PiiStage.class));
    DocumentStage s = (DocumentStage) reg.create("pii", Map.of("types", "[email, bank_card]", "replace", "true"));
    Outcome o = assertDoesNotThrowApply(s, "card 4111 1111 1111 1111, mail a@b.com, ip 10.0.0.1");
    assertEquals("card <BANK_CARD>, mail <EMAIL>, ip 10.0.0.1", o.doc().text());
    assertThrows(RecipeException.class, () -> reg.create("pii", Map.of("types", "[passport]")));
    assertThrows(RecipeException.class, () -> reg.create("pii", Map.of("types", "[]")));
  }

  @Test
  void perLanguageOverridesThroughByMeta() throws Exception {
    StageRegistry reg = StageRegistry.of(List.of(PiiStage.class));
    DocumentStage s = (DocumentStage) reg.create("pii", Map.of("by", "lang", "overrides", "{zh: {types: [phone, id_number]}}"));
    Outcome en = s.apply(Document.of("e", "a@b.com 13812345678", Map.of("lang", "en")));
    Outcome zh = s.apply(Document.of("z", "a@b.com 13812345678", Map.of("lang", "zh")));
    assertEquals("<EMAIL> <PHONE>", en.doc().text());
    assertEquals("a@b.com <PHONE>", zh.doc().text());
  }

  @Test
  void stageIsSerializable() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(stage(true, true));
    }
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      PiiStage copy = (PiiStage) in.readObject();
      assertEquals("<EMAIL>", copy.apply(Document.of("d", "x@y.org")).doc().text());
    }
    assertFalse(stage(true, true).apply(Document.of("d", "x@y.org")).doc().text().contains("@"));
  }

  private static Outcome assertDoesNotThrowApply(DocumentStage s, String text) {
    try {
      return s.apply(Document.of("d", text));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
