package dev.kiln.clean.text;

import java.util.Arrays;

/**
 * Counts per 64-bit key with open addressing (linear probing), no boxing; key and count sit side
 * by side in one array, so a lookup touches one cache line. Key 0 is stored apart, so every long
 * is a valid key. Reusable: {@link #clear} keeps, grows or shrinks the table to the next use.
 */
public final class LongIntMap {
  private long[] table; // [2i] = key, [2i + 1] = count
  private int mask;     // slots - 1
  private int size;
  private boolean hasZero;
  private long zeroValue; // as a slot's value: the count in the low 32 bits

  public LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    table = new long[cap * 2];
    mask = cap - 1;
  }

  public int size() {
    return size + (hasZero ? 1 : 0);
  }

  /** Clears, and makes room for {@code expected} keys at once (no growing while they are added). */
  public void clear(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    int slots = mask + 1;
    // A table far bigger than needed is replaced, not cleared: clearing costs its whole size, and
    // one big document must not make every small one after it pay for that.
    if (cap > slots || slots > 4 * cap) {
      table = new long[cap * 2];
      mask = cap - 1;
    } else if (size > 0) {
      Arrays.fill(table, 0L);
    }
    size = 0;
    hasZero = false;
    zeroValue = 0;
  }

  /** Adds delta to key's count and returns the new count. */
  public int add(long key, int delta) {
    if (key == 0) {
      hasZero = true;
      return (int) (zeroValue += delta);
    }
    long[] t = table;
    int i = slot(key);
    while (true) {
      long k = t[2 * i];
      if (k == key) {
        return (int) (t[2 * i + 1] += delta);
      }
      if (k == 0) {
        t[2 * i] = key;
        t[2 * i + 1] = delta;
        if (++size * 2 > mask + 1) {
          grow();
        }
        return delta;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Counts one occurrence of key at {@code position} (>= 0) and returns the new count in the low 32
   * bits and the position of key's first occurrence in the high 32 bits: one probe tells whether a
   * key repeats and where it first stood.
   */
  public long addOccurrence(long key, int position) {
    if (key == 0) {
      if (!hasZero) {
        hasZero = true;
        zeroValue = (long) position << 32;
      }
      return ++zeroValue;
    }
    long[] t = table;
    int i = slot(key);
    while (true) {
      long k = t[2 * i];
      if (k == key) {
        return ++t[2 * i + 1];
      }
      if (k == 0) {
        t[2 * i] = key;
        long v = (long) position << 32 | 1;
        t[2 * i + 1] = v;
        if (++size * 2 > mask + 1) {
          grow();
        }
        return v;
      }
      i = (i + 1) & mask;
    }
  }

  /** The count of key, 0 when absent. */
  public int get(long key) {
    if (key == 0) {
      return hasZero ? (int) zeroValue : 0;
    }
    long[] t = table;
    int i = slot(key);
    while (true) {
      long k = t[2 * i];
      if (k == key) {
        return (int) t[2 * i + 1];
      }
      if (k == 0) {
        return 0;
      }
      i = (i + 1) & mask;
    }
  }

  /** Whether the key was absent; it is present afterwards (a set's add; a present key's count grows). */
  public boolean addIfAbsent(long key) {
    return (int) addOccurrence(key, 0) == 1;
  }

  /** The counts of all keys, in no particular order. */
  public int[] values() {
    return valuesAbove(Integer.MIN_VALUE);
  }

  /** The counts above a minimum, in no particular order. */
  public int[] valuesAbove(int min) {
    int k = 0;
    for (int i = 0; i <= mask; i++) {
      if (table[2 * i] != 0 && (int) table[2 * i + 1] > min) {
        k++;
      }
    }
    boolean zero = hasZero && (int) zeroValue > min;
    int[] out = new int[k + (zero ? 1 : 0)];
    int j = 0;
    for (int i = 0; i <= mask; i++) {
      if (table[2 * i] != 0 && (int) table[2 * i + 1] > min) {
        out[j++] = (int) table[2 * i + 1];
      }
    }
    if (zero) {
      out[j] = (int) zeroValue;
    }
    return out;
  }

  private int slot(long key) {
    return (int) Hash64.mix(key) & mask;
  }

  private void grow() {
    long[] old = table;
    int slots = (mask + 1) * 2;
    table = new long[slots * 2];
    mask = slots - 1;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0) {
        int j = slot(old[i]);
        while (table[2 * j] != 0) {
          j = (j + 1) & mask;
        }
        table[2 * j] = old[i];
        table[2 * j + 1] = old[i + 1];
      }
    }
  }
}
