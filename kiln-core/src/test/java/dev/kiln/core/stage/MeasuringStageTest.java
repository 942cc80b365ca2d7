package dev.kiln.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasuringStageTest {
  /** Drops documents with fewer than min words; "bare" drops a one-word text without the stage's name. */
  @StageInfo(name = "word_count", description = "test filter")
  public static final class WordCount extends MeasuringStage {
    private static final long serialVersionUID = 1L;

    public record Config(@Param(value = "fewest words", defaultValue = "3") int minWords) implements java.io.Serializable {}

    private final Config config;

    public WordCount(Config config) {
      this.config = config;
    }

    @Override
    protected Verdict judge(Document doc, Measures m) {
      int words = doc.text().isBlank() ? 0 : doc.text().strip().split("\\s+").length;
      m.put("words", words).put("share", words / 3.0).put("nan", Double.NaN);
      if (words == 1) {
        return m.dropAs("one_word", doc);
      }
      return words < config.minWords() ? m.drop("too_few", doc) : m.keep(doc.withText(doc.text().strip()));
    }
  }

  static final WordCount STAGE = new WordCount(new WordCount.Config(3));

  @Test
  void namesItselfFromStageInfoAndWritesMeasuresOnKeptDocuments() {
    assertEquals("word_count", STAGE.name());
    Outcome o = STAGE.apply(Document.of("a", " one two three four ", Map.of("lang", "en")));
    assertTrue(o.kept());
    assertEquals("one two three four", o.doc().text());
    assertEquals(Map.of("lang", "en", "word_count.words", 4L, "word_count.share", 1.3333), o.doc().meta());
    assertEquals(List.of("lang", "word_count.words", "word_count.share"), List.copyOf(o.doc().meta().keySet()), "in the order measured");
    assertNull(o.doc().meta("word_count.nan"), "NaN is not measurable: not written");
  }

  @Test
  void dropsCarryTheMeasuredDocument() {
    Outcome o = STAGE.apply(Document.of("b", "two words"));
    assertFalse(o.kept());
    assertEquals("word_count.too_few", o.dropReason());
    assertEquals("two words", o.doc().text());
    assertEquals(2L, o.doc().meta("word_count.words"));

    Outcome bare = STAGE.apply(Document.of("c", "one"));
    assertEquals("one_word", bare.dropReason(), "dropAs keeps the reason as given");
    assertEquals(1L, bare.doc().meta("word_count.words"), "and the measures");
  }

  /** Returns a verdict made by the Measures of an earlier document. */
  @StageInfo(name = "stale", description = "test filter")
  public static final class Stale extends MeasuringStage {
    private static final long serialVersionUID = 1L;
    private transient Verdict first;

    @Override
    protected Verdict judge(Document doc, Measures m) {
      if (first == null) {
        first = m.keep(doc);
      }
      return first;
    }
  }

  @Test
  void aVerdictMustComeFromTheMeasuresGivenForThisDocument() {
    Stale s = new Stale();
    assertTrue(s.apply(Document.of("a", "x")).kept());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.apply(Document.of("b", "y")));
    assertTrue(e.getMessage().contains("must come from the Measures"), e.getMessage());
  }

  @Test
  void anOutcomeAlwaysCarriesADocument() {
    assertThrows(NullPointerException.class, () -> Outcome.drop("r", null));
    assertThrows(NullPointerException.class, () -> new Outcome(null, "r", Map.of()));
    Document d = Document.of("d", "");
    assertEquals(d, Outcome.drop("empty", d).doc());
  }

  @Test
  void survivesSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(STAGE);
    }
    WordCount copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (WordCount) in.readObject();
    }
    assertEquals("word_count", copy.name());
    Document d = Document.of("e", "a b");
    assertEquals(STAGE.apply(d), copy.apply(d));
  }
}
