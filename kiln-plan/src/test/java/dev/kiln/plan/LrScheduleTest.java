package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

  private static final double PEAK = 3e-4;

  @Test
  void stepsCoverEveryToken() {
    assertEquals(10, LrSchedule.forTokens(1000, 100, PEAK, 1, 0.1).totalSteps());
    assertEquals(11, LrSchedule.forTokens(1001, 100, PEAK, 1, 0.1).totalSteps());
  }

  @Test
  void warmsUpLinearlyToThePeak() {
    LrSchedule schedule = new LrSchedule(1024, 1000, 100, PEAK, 0.1);
    for (int step = 0; step < 100; step++) {
      assertEquals(PEAK * (step + 1) / 100, schedule.lr(step), 1e-15, "step " + step);
    }
    assertEquals(PEAK, schedule.lr(99), 0);
  }

  @Test
  void decaysAlongACosineToTheMinimum() {
    // Peak at step 100, end at step 1000: 900 decay steps.
    LrSchedule schedule = new LrSchedule(1024, 1001, 101, PEAK, 0.1);
    double min = 0.1 * PEAK;
    double max = 0;
    for (long step = 0; step < schedule.totalSteps(); step++) {
      max = Math.max(max, schedule.lr(step));
      if (step > 100) {
        assertTrue(schedule.lr(step) < schedule.lr(step - 1), "not decaying at step " + step);
      }
    }
    assertEquals(PEAK, max, 0);
    assertEquals(PEAK, schedule.lr(100), 0);
    assertEquals(min + (PEAK - min) * (1 + Math.cos(Math.PI / 4)) / 2, schedule.lr(325), 1e-18);
    assertEquals((PEAK + min) / 2, schedule.lr(550), 1e-18);
    assertEquals(min + (PEAK - min) * (1 - Math.cos(Math.PI / 4)) / 2, schedule.lr(775), 1e-18);
    assertEquals(min, schedule.lr(1000), 1e-18);
  }

  @Test
  void withoutWarmupStartsAtThePeak() {
    LrSchedule schedule = new LrSchedule(1024, 11, 0, PEAK, 0.0);
    assertEquals(PEAK, schedule.lr(0), 0);
    assertEquals(PEAK / 2, schedule.lr(5), 1e-18);
    assertEquals(0, schedule.lr(10), 1e-18);
  }

  @Test
  void writesOneCsvRowPerStep() throws IOException {
    LrSchedule schedule = new LrSchedule(1024, 50, 5, PEAK, 0.1);
    StringBuilder csv = new StringBuilder();
    schedule.writeCsv(csv);
    List<String> lines = csv.toString().lines().toList();
    assertEquals("step,lr", lines.get(0));
    assertEquals(51, lines.size());
    for (int step = 0; step < 50; step++) {
      String[] cells = lines.get(step + 1).split(",");
      assertEquals(step, Long.parseLong(cells[0]));
      assertEquals(schedule.lr(step), Double.parseDouble(cells[1]), 0);
    }
  }

  @Test
  void defaultWarmupIsLlamasUnlessTheRunIsShort() {
    assertEquals(2000, LrSchedule.defaultWarmupSteps(333_787)); // LLaMA: 2000 warmup steps
    assertEquals(50, LrSchedule.defaultWarmupSteps(500));
    assertEquals(50, LrSchedule.forTokens(500 * 1024, 1024, PEAK, 0.1).warmupSteps());
  }

  @Test
  void rejectsWarmupAsLongAsTheRun() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1024, 100, 100, PEAK, 0.1));
    assertTrue(e.getMessage().contains("shorter than the run"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1024, 100, 10, PEAK, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1024, 100, 10, PEAK, 0.1).lr(100));
  }
}
