package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  @Test
  void metricsFromAConfusionMatrixWorkedByHand() {
    // gold a a b b c, predicted a b b b a:
    // a: tp 1, predicted 2, gold 2 -> P 1/2, R 1/2, F1 1/2
    // b: tp 2, predicted 3, gold 2 -> P 2/3, R 1, F1 0.8
    // c: tp 0, predicted 0, gold 1 -> P 0, R 0, F1 0
    Evaluation e = Evaluation.of(List.of("a", "a", "b", "b", "c"), List.of("a", "b", "b", "b", "a"));
    assertEquals(3.0 / 5, e.accuracy(), 1e-12);
    assertEquals(0.5, e.precision("a"), 1e-12);
    assertEquals(0.5, e.recall("a"), 1e-12);
    assertEquals(2.0 / 3, e.precision("b"), 1e-12);
    assertEquals(0.8, e.f1("b"), 1e-12);
    assertEquals(0.0, e.f1("c"), 1e-12);
    assertEquals((0.5 + 0.8 + 0.0) / 3, e.macroF1(), 1e-12);
    assertEquals(1, e.count("c", "a"));
    assertEquals(2, e.support("b"));
  }

  @Test
  void writesItsMetricsAndExtraEntriesAsJson(@TempDir Path dir) throws Exception {
    Evaluation e = Evaluation.of(List.of("a", "b"), List.of("a", "a"));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("train_seconds", 1.5);
    extra.put("train_examples", 2);
    Path file = dir.resolve("new/dir/report.json");
    e.writeJson(file, extra);
    Map<String, Object> written = Json.MAPPER.readValue(file.toFile(), Json.MAP);
    List<String> keys = new ArrayList<>(e.toMap().keySet());
    keys.addAll(extra.keySet());
    assertEquals(keys, new ArrayList<>(written.keySet()), "the metrics, then the extra entries in their order");
    assertEquals(0.5, ((Number) written.get("accuracy")).doubleValue(), 1e-12);
    assertEquals(2, ((Number) written.get("train_examples")).intValue());
  }
}
