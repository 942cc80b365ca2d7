package dev.kiln.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageRegistryTest {
  @StageInfo(name = "bad_default", description = "a default its type refuses")
  public static final class BadDefault implements DocumentStage {
    public record Config(@Param(value = "a count", defaultValue = "ten") int count) implements java.io.Serializable {}

    public BadDefault(Config c) {}

    @Override
    public Outcome apply(Document doc) {
      return Outcome.keep(doc);
    }
  }

  @StageInfo(name = "bounded", description = "parameters that declare the measures they threshold")
  public static final class Bounded implements DocumentStage {
    public record Config(
        @Param(value = "prefix", defaultValue = "x.") String prefix,
        @Param(value = "labels", defaultValue = "[a, b]") List<String> labels,
        @Param(value = "per label", defaultValue = "0.5", bounds = "{prefix}{labels}") double minScore,
        @Param(value = "per n", defaultValue = "{2: 0.1, 3: 0.2}", bounds = "top_{key}_gram") Map<String, Double> topMax)
        implements java.io.Serializable {}

    public Bounded(Config c) {}

    @Override
    public Outcome apply(Document doc) {
      return Outcome.keep(doc);
    }
  }

  @Test
  void aBadDefaultFailsWhenStagesLoadNotWhenUsed() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StageRegistry.of(List.of(BadDefault.class)));
    assertTrue(e.getMessage().contains("count") && e.getMessage().contains("'ten'"), e.getMessage());
  }

  @Test
  void declaredBoundsAreFilledFromTheParameters() {
    StageRegistry r = StageRegistry.of(List.of(Bounded.class));
    Map<String, Object> params = r.effectiveParams("bounded", Map.of());
    assertEquals(List.of(new StageRegistry.Bound("x.a", "min_score", null), new StageRegistry.Bound("x.b", "min_score", null),
        new StageRegistry.Bound("top_2_gram", "top_max", "2"), new StageRegistry.Bound("top_3_gram", "top_max", "3")),
        r.bounds("bounded", params));
  }
}
