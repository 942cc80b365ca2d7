package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
