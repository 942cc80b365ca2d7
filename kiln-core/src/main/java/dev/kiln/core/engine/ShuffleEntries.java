package dev.kiln.core.engine;

/**
 * The reduce side's view of a shuffle partition, whatever the engine stores: entries sorted by key
 * (unsigned bytes), then by value bytes. {@link GroupIterator} turns it into reduced records.
 */
public interface ShuffleEntries {
  /** Moves to the next entry; false at the end. */
  boolean next();

  /** The current entry's key, as a new array the reducer may keep. */
  byte[] key();

  /** True when the current entry's key equals {@code key}. */
  boolean hasKey(byte[] key);

  /** The current entry's value, decoded. */
  <V> V value(Codec<V> codec);
}
