package dev.kiln.pipeline.profile;

import java.util.Comparator;
import java.util.TreeMap;

/** One sampled document's measured values (column to value); reason null when it was kept. */
public record Row(long hash, String reason, TreeMap<String, Double> values) implements BottomK.Item<Row> {
  private static final Comparator<Row> ORDER = Comparator.comparingLong(Row::hash)
      .thenComparing(Row::reason, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(r -> r.values.toString());

  @Override
  public int compareTo(Row o) {
    return ORDER.compare(this, o);
  }
}
