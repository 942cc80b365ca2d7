package dev.kiln.core.stage;

import dev.kiln.core.Document;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link DocumentStage} decided: keep (possibly changed) or drop with a named reason. A drop
 * may carry the document as the stage measured it (its metadata holding the measured values), so
 * reports can show the values of dropped documents too. An outcome may carry counters (e.g. tokens
 * produced) that the pipeline adds to the stage's stats.
 */
public record Outcome(Document doc, String dropReason, Map<String, Long> counters) {
  public Outcome {
    if (doc == null && dropReason == null) {
      throw new IllegalArgumentException("an outcome keeps a document or drops it with a reason");
    }
    counters = Map.copyOf(counters);
  }

  public static Outcome keep(Document doc) {
    return new Outcome(Objects.requireNonNull(doc, "doc"), null, Map.of());
  }

  public static Outcome drop(String reason) {
    return new Outcome(null, Objects.requireNonNull(reason, "reason"), Map.of());
  }

  /** Drops with a reason, keeping the measured document for reports (it is not passed on). */
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
