package dev.kiln.core.engine;

import dev.kiln.core.util.Unchecked;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The reduce side of a shuffle on every engine: the entries of one key at a time, streamed to the
 * reducer as decoded values, and what it emits for that key handed out before the next key is read.
 * Values the reducer leaves unread are skipped.
 */
public final class GroupIterator<V, R> implements Iterator<R> {
  private final ShuffleEntries entries;
  private final Codec<V> valueCodec;
  private final GroupReducer<V, R> reducer;
  private final TaskContext context;
  /** Whether {@link #entries} stands on an entry not yet given to a reducer. */
  private boolean pending;
  private Iterator<R> out = Collections.emptyIterator();

  public GroupIterator(ShuffleEntries entries, Codec<V> valueCodec, GroupReducer<V, R> reducer, TaskContext context) {
    this.entries = entries;
    this.valueCodec = valueCodec;
    this.reducer = reducer;
    this.context = context;
    this.pending = entries.next();
  }

  @Override
  public boolean hasNext() {
    while (!out.hasNext() && pending) {
      byte[] key = entries.key();
      Values values = new Values(key);
      List<R> results = new ArrayList<>();
      try {
        reducer.reduce(key, values, results::add, context);
      } catch (Exception e) {
        throw Unchecked.rethrow(e);
      }
      while (values.hasNext()) {
        values.next();
      }
      out = results.iterator();
    }
    return out.hasNext();
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return out.next();
  }

  /** The values of one key. */
  private final class Values implements Iterator<V> {
    private final byte[] key;

    Values(byte[] key) {
      this.key = key;
    }

    @Override
    public boolean hasNext() {
      return pending && entries.hasKey(key);
    }

    @Override
    public V next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      V v = entries.value(valueCodec);
      pending = entries.next();
      return v;
    }
  }
}
