package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PlanReportTest {

  private final TrainingPlan plan =
      new TrainingPlan(
          ModelSpec.preset("llama-65b"),
          HardwareSpec.preset("a100-80g"),
          2048,
          1_400_000_000_000L,
          0.48,
          ZeroStage.OPTIMIZER_STATES,
          false,
          2048,
          1);
  private final LrSchedule schedule =
      LrSchedule.forTokens(plan.tokens(), plan.globalBatchTokens(), 1.5e-4, 2000, 0.1);

  @Test
  void textNamesEveryFigure() {
    String text = PlanReport.text(plan, schedule);
    for (String label :
        new String[] {"llama-65b", "Parameters", "Chinchilla", "6ND", "days", "GPU-hours",
          "ZeRO-1", "weights", "gradients", "optimizer", "activations", "total", "Schedule"}) {
      assertTrue(text.contains(label), "no '" + label + "' in\n" + text);
    }
  }

  @Test
  void jsonCarriesThePlansFigures() throws Exception {
    JsonNode json = new ObjectMapper().readTree(PlanReport.json(plan, schedule));
    assertEquals(plan.parameters(), json.get("parameters").asLong());
    assertEquals(plan.tokens(), json.get("tokens").asLong());
    assertEquals(plan.trainingFlops(), json.get("training_flops").asDouble(), 0);
    assertEquals(plan.trainingDays(), json.get("training_days").asDouble(), 0);
    assertEquals(2048, json.path("gpu").get("count").asInt());
    assertEquals(1, json.path("memory_per_gpu").get("zero_stage").asInt());
    assertEquals(
        plan.memoryPerGpu().totalBytes(), json.path("memory_per_gpu").get("total_bytes").asLong());
    assertEquals(schedule.totalSteps(), json.path("schedule").get("total_steps").asLong());
  }

  @Test
  void countsUseDecimalSuffixes() {
    // Four significant digits, decimal suffixes as in "6.738B".
    assertEquals("6.738B", PlanReport.count(6_738_415_616L));
    assertEquals("1.400T", PlanReport.count(1.4e12));
    assertEquals("380.0", PlanReport.count(380));
  }
}
