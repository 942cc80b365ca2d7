package dev.kiln.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A document's metadata: an immutable map in insertion order over two arrays. Every stage returns
 * a copy with its measures added, a dozen times per document in a cleaning chain, so a copy must
 * cost two array copies, not a hash node per entry (on fortunes' short documents the hash-map
 * copies were over a third of the chain's time). Lookups compare cached string hashes first; documents carry tens
 * of keys, not thousands.
 */
final class Meta extends AbstractMap<String, Object> {
  static final Meta EMPTY = new Meta(new String[0], new Object[0]);

  private final String[] keys;
  private final Object[] values;

  private Meta(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  static Meta copyOf(Map<String, ?> m) {
    if (m instanceof Meta meta) {
      return meta;
    }
    return m.isEmpty() ? EMPTY : EMPTY.with(m);
  }

  private int indexOf(Object key) {
    return indexOf(keys, keys.length, key);
  }

  /** The index of key among k[0, n), or -1; cached string hashes are compared first. */
  private static int indexOf(String[] k, int n, Object key) {
    if (key == null) {
      return -1;
    }
    int h = key.hashCode();
    for (int i = 0; i < n; i++) {
      if (k[i] == key || k[i].hashCode() == h && k[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  /** A copy with the entries put (replaced in place, new keys appended in the entries' order). */
  Meta with(Map<String, ?> entries) {
    String[] k = Arrays.copyOf(keys, keys.length + entries.size());
    Object[] v = Arrays.copyOf(values, k.length);
    int n = keys.length;
    for (Map.Entry<String, ?> e : entries.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "metadata key");
      int i = indexOf(k, n, key);
      if (i >= 0) {
        v[i] = e.getValue();
      } else {
        k[n] = key;
        v[n++] = e.getValue();
      }
    }
    return n == k.length ? new Meta(k, v) : new Meta(Arrays.copyOf(k, n), Arrays.copyOf(v, n));
  }

  /** A copy without key. */
  Meta without(String key) {
    int i = indexOf(key);
    if (i < 0) {
      return this;
    }
    String[] k = new String[keys.length - 1];
    Object[] v = new Object[k.length];
    System.arraycopy(keys, 0, k, 0, i);
    System.arraycopy(values, 0, v, 0, i);
    System.arraycopy(keys, i + 1, k, i, k.length - i);
    System.arraycopy(values, i + 1, v, i, k.length - i);
    return new Meta(k, v);
  }
  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
