package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.RecipeException;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.StageRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyStageTest {
  @TempDir
  static Path tmp;
  static String model;

  @BeforeAll
  static void train() throws Exception {
    Path f = tmp.resolve("toy.bin");
    Trainer.train(Toy.examples(600, 11), Toy.config(), Map.of(), s -> {}).save(f);
    model = f.toString();
  }

  private static ClassifyStage stage(List<String> keep, double min) {
    return new ClassifyStage(new ClassifyStage.Config(model, "topic.", keep, min));
  }

  @Test
  void writesAScorePerLabelAndTheBestLabel() {
    Outcome o = stage(List.of(), 0.5).apply(Document.of("d", "the team and the coach win the league match", Map.of("lang", "en")));
    Document d = o.doc();
    assertEquals("en", d.meta("lang"), "existing metadata kept");
    assertEquals("sports", d.meta("topic.label"));
    double sum = d.metaDouble("topic.food", -1) + d.metaDouble("topic.kernel", -1) + d.metaDouble("topic.sports", -1);
    assertEquals(1.0, sum, 2e-4, "scores are probabilities, rounded to 4 decimals");
    assertTrue(d.metaDouble("topic.sports", 0) > 0.5);
  }

  @Test
  void keepLabelsFiltersBySummedScore() {
    ClassifyStage onlySports = stage(List.of("sports"), 0.5);
    assertTrue(onlySports.apply(Document.of("a", "coach team goal win")).kept());
    Outcome dropped = onlySports.apply(Document.of("b", "bake the flour and sugar in the oven"));
    assertFalse(dropped.kept());
    assertEquals("topic.below_min_score", dropped.dropReason());
    assertEquals("food", dropped.doc().meta("topic.label"), "the drop carries its scores");
    assertTrue(dropped.doc().metaDouble("topic.sports", 1) < 0.5);
    // Two labels together: food or sports.
    assertTrue(stage(List.of("food", "sports"), 0.5).apply(Document.of("c", "bake the flour and sugar in the oven")).kept());
  }

  @Test
  void perDomainThresholdsThroughByAndOverrides() throws Exception {
    StageRegistry reg = StageRegistry.of(List.of(ClassifyStage.class));
    // Everything must look like sports with 0.99 certainty, except documents of domain 'lenient' (0.0).
    DocumentStage s = (DocumentStage) reg.create("classify", Map.of("model", model, "prefix", "t.", "keep_labels", "[sports]",
        "min_score", "0.99", "by", "domain", "overrides", "{lenient: {min_score: 0.0}}"));
    String text = "the oven and the recipe";
    assertFalse(s.apply(Document.of("x", text, Map.of("domain", "strict"))).kept());
    Outcome kept = s.apply(Document.of("y", text, Map.of("domain", "lenient")));
    assertTrue(kept.kept());
    assertEquals("food", kept.doc().meta("t.label"));
  }

  @Test
  void recipeErrorsForMissingModelsAndUnknownLabels() {
    StageRegistry reg = StageRegistry.of(List.of(ClassifyStage.class));
    RecipeException e = assertThrows(RecipeException.class, () -> reg.create("classify", Map.of("model", tmp.resolve("nope.bin").toString())));
    assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    e = assertThrows(RecipeException.class, () -> reg.create("classify", Map.of("model", model, "keep_labels", "[poetry]")));
    assertTrue(e.getMessage().contains("no label 'poetry'"), e.getMessage());
    e = assertThrows(RecipeException.class, () -> reg.create("classify", Map.of("model", model, "min_score", "1.5")));
    assertTrue(e.getMessage().contains("min_score"), e.getMessage());
  }

  @Test
  void survivesSerializationAndSharesTheLoadedModel() throws Exception {
    ClassifyStage s = stage(List.of("kernel"), 0.5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    ClassifyStage copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ClassifyStage) in.readObject();
    }
    Document d = Document.of("k", "内核模块的内存调度");
    assertEquals(s.apply(d), copy.apply(d));
    assertSame(ClassifyStage.Cache.get(Path.of(model)), ClassifyStage.Cache.get(Path.of(model)));
  }
}
