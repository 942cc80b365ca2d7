package dev.kiln.clean.langid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LangIdTest {
  static LangId.Config config(List<String> allowed, double minScore, boolean perLine) {
    return new LangId.Config(List.of(), LanguageIdentifier.Engine.FAST, false, 1500, true, allowed, minScore, "lang_source", List.of("code"),
        perLine, 20);
  }

  static final LangId ALL = new LangId(config(List.of(), 0, false));

  static String label(String text) {
    return ALL.identifier().identify(text).label();
  }

  @Test
  void handWrittenSentences() {
    assertEquals("en", label("The quick brown fox jumps over the lazy dog while the farmer watches from the porch."));
    assertEquals("de", label("Der schnelle braune Fuchs springt über den faulen Hund, während der Bauer von der Veranda zusieht."));
    assertEquals("fr", label("Le renard brun rapide saute par-dessus le chien paresseux pendant que le fermier regarde depuis le porche."));
    assertEquals("es", label("El rápido zorro marrón salta sobre el perro perezoso mientras el granjero mira desde el porche."));
    assertEquals("ru", label("Быстрая коричневая лиса прыгает через ленивую собаку, пока фермер смотрит с крыльца."));
    assertEquals("zh", label("我们今天讨论数据清洗的问题，这个过程对大模型的训练非常重要。"));
    assertEquals("zh-Hant", label("我們今天討論資料清洗的問題，這個過程對大模型的訓練非常重要。"));
    assertEquals("ja", label("私たちは今日、データのクリーニングについて話し合います。これは大規模モデルの訓練にとって重要です。"));
    assertEquals("ko", label("우리는 오늘 데이터 정제에 대해 이야기합니다. 이 과정은 대규모 모델 학습에 매우 중요합니다."));
    assertEquals("el", label("Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο."));
    // Chinese with English terms and a URL is still Chinese.
    assertEquals("zh", label("安装 Debian 之前，请先阅读发行说明（release notes）和安装指南，了解硬件的要求。"));
    assertEquals("unknown", label("1234 5678 -- !!! ..."));
  }

  @Test
  void stageWritesLabelsKeepsSourceAndFilters() {
    Document d = Document.of("a", "Der schnelle braune Fuchs springt über den faulen Hund.", Map.of("lang", "en"));
    Outcome o = ALL.apply(d);
    assertEquals("de", o.doc().meta("lang"));
    assertEquals("en", o.doc().meta("lang_source"));
    double score = ((Number) o.doc().meta("lang_score")).doubleValue();
    assertTrue(score > 0.5 && score <= 1, "score " + score);

    LangId enZh = new LangId(config(List.of("en", "zh"), 0.5, false));
    assertEquals("lang_not_allowed", enZh.apply(d).dropReason());
    assertTrue(enZh.apply(Document.of("b", "風急天高猿嘯哀，渚清沙白鳥飛迴。無邊落木蕭蕭下，不盡長江滾滾來。")).kept(), "zh allows zh-Hant");
    Document code = Document.of("j", "public static void main(String[] args) {}", Map.of("lang", "code"));
    assertEquals(code, enZh.apply(code).doc());
    assertThrows(IllegalArgumentException.class, () -> new LangId(new LangId.Config(List.of("en", "xx"), LanguageIdentifier.Engine.FAST, false,
        1500, true, List.of(), 0, "lang_source", List.of(), false, 20)));
  }

  @Test
  void minScoreDropsUncertainText() {
    LangId strict = new LangId(config(List.of("en"), 0.99, false));
    // A few letters give little evidence, so a low confidence; a sentence gives plenty.
    LanguageIdentifier.Guess few = ALL.identifier().identify("the");
    LanguageIdentifier.Guess many = ALL.identifier().identify("This sentence is plainly written in English and nothing else at all.");
    assertTrue(few.score() < 0.99 && few.score() < many.score(), few + " " + many);
    assertEquals("en", many.label());
    assertTrue(strict.apply(Document.of("t", "This sentence is plainly written in English and nothing else at all.")).kept());
    assertEquals("en".equals(few.label()) ? "lang_low_score" : "lang_not_allowed", strict.apply(Document.of("s", "the")).dropReason());
  }

  @Test
  void perLineShares() {
    LangId lines = new LangId(config(List.of(), 0, true));
    String en = "This line is written in English for the test of shares.";
    String de = "Diese Zeile ist auf Deutsch geschrieben und ziemlich lang.";
    Outcome o = lines.apply(Document.of("m", en + "\n" + de + "\nshort\n" + en));
    @SuppressWarnings("unchecked")
    Map<String, Object> shares = (Map<String, Object>) o.doc().meta("lang_lines");
    double enShare = ((Number) shares.get("en")).doubleValue();
    double deShare = ((Number) shares.get("de")).doubleValue();
    assertEquals(1.0, enShare + deShare, 1e-3);
    assertEquals(2.0 * en.length() / (2 * en.length() + de.length()), enShare, 1e-3);
    assertNull(shares.get("unknown"));
  }

  @Test
  void serializedStageAndThreadsAgree() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(ALL);
    }
    LangId copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
      copy = (LangId) in.readObject();
    }
    List<Document> docs = SharedData.documents("fortunes", 3000);
    List<Object> sequential = new ArrayList<>();
    for (Document d : docs) {
      sequential.add(ALL.apply(d).doc().meta("lang"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (Document d : docs) {
        futures.add(pool.submit(() -> copy.apply(d).doc().meta("lang")));
      }
      for (int i = 0; i < docs.size(); i++) {
        assertEquals(sequential.get(i), futures.get(i).get(), docs.get(i).id());
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Against the corpora's own labels (fortunes: en and zh quotes; kernel-docs: en, zh, zh-Hant, it, ja, ko; classical poems). */
  @Test
  void accuracyOnLabelledCorpora() throws Exception {
    LanguageIdentifier id = ALL.identifier();
    Map<String, Object> fortunes = LangIdEval.evaluate(SharedData.corpus("fortunes"), id, 5000);
    assertTrue(((Number) fortunes.get("accuracy")).doubleValue() >= 0.95, fortunes.toString());
    Map<String, Object> kernel = LangIdEval.evaluate(SharedData.corpus("kernel-docs"), id, 2000);
    assertTrue(((Number) kernel.get("accuracy")).doubleValue() >= 0.94, kernel.toString());
    Map<String, Object> poems = LangIdEval.evaluate(SharedData.corpus("chinese-poetry"), id, 3000);
    assertTrue(((Number) poems.get("accuracy")).doubleValue() >= 0.99, poems.toString());
    assertTrue(((Number) poems.get("exact_accuracy")).doubleValue() >= 0.85, poems.toString());
  }

  @Test
  void corpusLabelsMapToIdentifierLabels() {
    assertEquals("de", LangIdEval.expected("de-DE"));
    assertEquals("nb", LangIdEval.expected("nb-NO"));
    assertEquals("zh", LangIdEval.expected("zh-CN"));
    assertEquals("zh-Hant", LangIdEval.expected("zh-TW"));
    assertEquals("zh-Hant", LangIdEval.expected("zh-Hant"));
    assertNull(LangIdEval.expected("code"));
  }
}
