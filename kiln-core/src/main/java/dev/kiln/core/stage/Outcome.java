package dev.kiln.core.stage;

import dev.kiln.core.Document;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link DocumentStage} decided: keep (possibly changed) or drop with a named reason. Either
 * way it carries a document: the kept one, or the dropped one as the stage measured it (its
 * metadata holding the measured values, not passed on), so reports can show the values of dropped
 * documents too. A filter that measures extends {@link MeasuringStage}, whose {@link Measures} make
 * its outcomes. An outcome may carry counters (e.g. tokens produced) that the pipeline adds to the
 * stage's stats.
 */
public record Outcome(Document doc, String dropReason, Map<String, Long> counters) {
  public Outcome {
    Objects.requireNonNull(doc, "an outcome carries its document: the kept one, or the dropped one as measured");
    counters = Map.copyOf(counters);
  }

  public static Outcome keep(Document doc) {
    return new Outcome(Objects.requireNonNull(doc, "doc"), null, Map.of());
  }

  /**
   * Drops with a reason, keeping the measured document for reports (it is not passed on). A filter
   * that measures does not call this: its {@link Measures} drop with the measures written. This is
   * for stages with nothing to measure (e.g. {@code normalize} dropping a text left empty), which
   * pass the document as they received it.
   */
  public static Outcome drop(String reason, Document measured) {
    return new Outcome(Objects.requireNonNull(measured, "measured"), Objects.requireNonNull(reason, "reason"), Map.of());
  }

  /** This outcome with a counter added to the stage's stats, e.g. {@code with("tokens", 812)}. */
  public Outcome with(String counter, long value) {
    TreeMap<String, Long> m = new TreeMap<>(counters);
    m.merge(counter, value, Long::sum);
    return new Outcome(doc, dropReason, m);
  }

  public boolean kept() {
    return dropReason == null;
  }
}
