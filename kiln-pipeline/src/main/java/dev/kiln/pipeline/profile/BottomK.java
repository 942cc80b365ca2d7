package dev.kiln.pipeline.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The k smallest items of a total order whose first key is a hash: the same k items whatever order
 * they arrive or merge in (unlike a reservoir), so a sample does not depend on partitioning.
 */
public final class BottomK<T extends BottomK.Item<T>> {
  /** An item ordered first by its hash. */
  public interface Item<T> extends Comparable<T> {
    long hash();
  }

  private final int k;
  private final TreeSet<T> items = new TreeSet<>();

  public BottomK(int k) {
    this.k = k;
  }

  @JsonCreator
  BottomK(@JsonProperty("k") int k, @JsonProperty("items") List<T> items) {
    this(k);
    items.forEach(this::offer);
  }

  @JsonProperty("k")
  public int k() {
    return k;
  }

  @JsonProperty("items")
  public List<T> items() {
    return new ArrayList<>(items);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** False when an item of this hash cannot enter. */
  public boolean wants(long hash) {
    return items.size() < k || hash <= items.last().hash();
  }

  public void offer(T item) {
    Objects.requireNonNull(item);
    if (items.size() < k) {
      items.add(item);
    } else if (item.compareTo(items.last()) < 0 && items.add(item)) {
      items.pollLast();
    }
  }

  public void merge(BottomK<T> other) {
    other.items.forEach(this::offer);
  }
}
