package dev.kiln.core.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.ByMeta;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.stage.StageRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipeParserTest {
  /** A stage with every parameter type the registry converts. */
  @StageInfo(name = "probe", description = "test stage")
  public static final class Probe implements DocumentStage {
    public enum Mode { FAST, SLOW }

    public record Config(
        @Param(value = "a count", defaultValue = "3") int count,
        @Param(value = "a ratio") double ratio,
        @Param(value = "a switch", defaultValue = "false") boolean flag,
        @Param(value = "a mode", defaultValue = "fast") Mode mode,
        @Param(value = "languages", defaultValue = "[en, zh]") List<String> langs,
        @Param(value = "per-domain numbers", defaultValue = "{}") Map<String, Double> perDomain) implements java.io.Serializable {}

    final Config config;

    public Probe(Config config) {
      if (config.count() < 0) {
        throw new IllegalArgumentException("count must be >= 0");
      }
      this.config = config;
    }

    @Override
    public Outcome apply(Document doc) {
      return doc.text().length() >= config.count() ? Outcome.keep(doc) : Outcome.drop("short", doc);
    }
  }

  /** A stage whose parameters are files: one path, a list of them and a map of them. */
  @StageInfo(name = "files", description = "test stage")
  public static final class Files implements DocumentStage {
    public record Config(
        @Param(value = "a model", defaultValue = "''", path = true) String model,
        @Param(value = "lists", defaultValue = "[builtin:x]", path = true) List<String> lists,
        @Param(value = "sets", defaultValue = "{}", path = true) Map<String, String> sets) implements java.io.Serializable {}

    final Config config;

    public Files(Config config) {
      this.config = config;
    }

    @Override
    public Outcome apply(Document doc) {
      return Outcome.keep(doc);
    }
  }

  private final RecipeParser parser = new RecipeParser(StageRegistry.of(List.of(Probe.class, Files.class)));

  @Test
  void pathParametersAreTakenFromTheRecipesDirectoryAlsoInOverrides() {
    Recipe r = parser.parse(recipe("  - files: {model: m.bin, lists: [builtin:en, a.txt, /abs/b.txt], sets: {mmlu: eval/mmlu.jsonl},\n"
        + "      by: domain, overrides: {code: {model: code.bin}}}\n"), Path.of("/base"));
    Map<String, Object> p = r.stages().get(0).params();
    assertEquals("/base/m.bin", p.get("model"));
    assertEquals(List.of("builtin:en", "/base/a.txt", "/abs/b.txt"), p.get("lists"));
    assertEquals(Map.of("mmlu", "/base/eval/mmlu.jsonl"), p.get("sets"));
    assertEquals(Map.of("code", Map.of("model", "/base/code.bin")), p.get("overrides"));
  }

  private static String recipe(String stages) {
    return "seed: 3\ninputs:\n  - path: data/in.jsonl\nstages:\n" + stages + "output: out\n";
  }

  @Test
  void urlsAreKeptAsWrittenAndLocalPathsResolved() {
    Recipe r = parser.parse("inputs: [\"s3a://bucket/in/*.jsonl\", \"hdfs:/in\", data/a:b.jsonl]\noutput: hdfs://nn:8020/out\n", Path.of("/base"));
    assertEquals(List.of("s3a://bucket/in/*.jsonl", "hdfs:/in", "/base/data/a:b.jsonl"), r.inputs().stream().map(Recipe.InputSpec::path).toList());
    assertEquals("hdfs://nn:8020/out", r.output().location());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.output().path());
    assertTrue(e.getMessage().contains("hdfs://nn:8020/out"), e.getMessage());
    assertEquals("/base/out", parser.parse("inputs: [x.jsonl]\noutput: out/\n", Path.of("/base")).output().location());
  }

  @Test
  void parsesStagesWithTypedParametersAndDefaults() {
    Recipe r = parser.parse(recipe("  - probe: {ratio: 0.5, langs: [de], per_domain: {code: 2}}\n  - probe: {count: 7, ratio: 1, mode: slow}\n"), Path.of("/base"));
    assertEquals(3, r.seed());
    assertEquals("/base/data/in.jsonl", r.inputs().get(0).path());
    assertEquals(List.of("text"), r.inputs().get(0).textFields());
    assertEquals(Path.of("/base/out"), r.output().path());
    Probe.Config first = ((Probe) r.stages().get(0).stage()).config;
    assertEquals(3, first.count());
    assertEquals(0.5, first.ratio());
    assertEquals(List.of("de"), first.langs());
    assertEquals(Map.of("code", 2.0), first.perDomain());
    Probe.Config second = ((Probe) r.stages().get(1).stage()).config;
    assertEquals(Probe.Mode.SLOW, second.mode());
    assertEquals(1.0, second.ratio());
    assertEquals(List.of("probe", "probe#2"), r.stages().stream().map(Recipe.NamedStage::accountName).toList());
  }

  @Test
  void misspellingsGetTheNearestNameAndAMisIndentedItemIsNamedAsSuch() {
    RecipeException stage = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - prboe: {ratio: 1}\n"), null));
    assertTrue(stage.getMessage().contains("unknown stage 'prboe' (did you mean 'probe'?)"), stage.getMessage());
    RecipeException param = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe: {ratoi: 1}\n"), null));
    assertTrue(param.getMessage().contains("has no parameter 'ratoi' (did you mean 'ratio'?)"), param.getMessage());
    RecipeException key = assertThrows(RecipeException.class, () -> parser.parse("inputs: [a.jsonl]\nouptut: out\n", null));
    assertTrue(key.getMessage().contains("unknown key 'ouptut' in the recipe (did you mean 'output'?)"), key.getMessage());
    RecipeException far = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - zzzzzz\n"), null));
    assertTrue(!far.getMessage().contains("did you mean"), "no suggestion for a name far from every stage: " + far.getMessage());
    RecipeException indent = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe\n    - files\n"), null));
    assertEquals(5, indent.line());
    assertTrue(indent.getMessage().contains("'probe - files' is not one stage") && indent.getMessage().contains("indented more"), indent.getMessage());
  }

  @Test
  void errorsNameTheLine() {
    RecipeException unknownStage = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe: {ratio: 1}\n  - nope\n"), null));
    assertEquals(6, unknownStage.line());
    assertTrue(unknownStage.getMessage().contains("unknown stage 'nope'"), unknownStage.getMessage());
    assertTrue(unknownStage.getMessage().contains("probe"), "lists known stages: " + unknownStage.getMessage());

    RecipeException unknownParam = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe:\n      ratio: 1\n      cuont: 2\n"), null));
    assertEquals(7, unknownParam.line());
    assertTrue(unknownParam.getMessage().contains("no parameter 'cuont'"), unknownParam.getMessage());

    RecipeException mistyped = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe:\n      ratio: high\n"), null));
    assertEquals(6, mistyped.line());
    assertTrue(mistyped.getMessage().contains("expected a number"), mistyped.getMessage());

    RecipeException missing = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe: {count: 2}\n"), null));
    assertTrue(missing.getMessage().contains("needs parameter 'ratio'"), missing.getMessage());

    RecipeException rejected = assertThrows(RecipeException.class, () -> parser.parse(recipe("  - probe: {count: -1, ratio: 1}\n"), null));
    assertTrue(rejected.getMessage().contains("count must be >= 0"), rejected.getMessage());

    RecipeException topKey = assertThrows(RecipeException.class, () -> parser.parse("inputs: [a]\noutput: b\nstagse: []\n", null));
    assertEquals(3, topKey.line());

    RecipeException yaml = assertThrows(RecipeException.class, () -> parser.parse("inputs: [a\noutput: b\n", null));
    assertTrue(yaml.getMessage().startsWith("line "), yaml.getMessage());
  }

  @Test
  void overridesPerMetadataValue() throws Exception {
    Recipe r = parser.parse(recipe("  - probe:\n      count: 10\n      ratio: 1\n      by: domain\n      overrides:\n        code: {count: 2}\n"), null);
    DocumentStage s = (DocumentStage) r.stages().get(0).stage();
    assertInstanceOf(ByMeta.class, s);
    Document shortCode = Document.of("a", "abc", Map.of("domain", "code"));
    Document shortNews = Document.of("b", "abc", Map.of("domain", "news"));
    assertTrue(s.apply(shortCode).kept());
    assertEquals("short", s.apply(shortNews).dropReason());
    assertEquals("short", s.apply(Document.of("c", "abc")).dropReason());

    RecipeException bad = assertThrows(RecipeException.class,
        () -> parser.parse(recipe("  - probe:\n      ratio: 1\n      by: domain\n      overrides:\n        code: {cuont: 2}\n"), null));
    assertTrue(bad.getMessage().contains("cuont"), bad.getMessage());
  }

  @Test
  void hashIgnoresLayoutButNotContent() {
    String a = recipe("  - probe: {ratio: 0.5}\n");
    String b = "# a comment\n" + recipe("  - probe:\n      ratio: 0.5\n");
    String c = recipe("  - probe: {ratio: 0.6}\n");
    assertEquals(parser.parse(a, null).hash(), parser.parse(b, null).hash());
    assertNotEquals(parser.parse(a, null).hash(), parser.parse(c, null).hash());
    String threads = recipe("  - probe: {ratio: 0.5}\n") + "engine: {threads: 7}\n";
    assertEquals(parser.parse(a, null).hash(), parser.parse(threads, null).hash(), "threads do not change output");
  }

  @Test
  void memoryIsLeftToTheEngineUnlessSet() {
    String a = recipe("  - probe: {ratio: 0.5}\n");
    assertEquals(Recipe.EngineSpec.AUTO_MEMORY, parser.parse(a, null).engine().memoryMb());
    assertEquals(64, parser.parse(a + "engine: {memory_mb: 64}\n", null).engine().memoryMb());
    assertThrows(RecipeException.class, () -> parser.parse(a + "engine: {memory_mb: 8}\n", null));
  }

  @Test
  void textFieldMayListSeveralFields() {
    Recipe r = parser.parse("inputs:\n  - path: x.json\n    text_field: [title, paragraphs]\noutput: o\n", null);
    assertEquals(List.of("title", "paragraphs"), r.inputs().get(0).textFields());
  }
}
