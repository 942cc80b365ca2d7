package dev.kiln.text;

import java.util.Arrays;

/** A growable open-addressing map from long keys to non-negative ints, -1 meaning absent. */
public final class LongIntMap {
    private long[] keys;
    private int[] values;
    private int size;

    public LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, -1);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The value of key, -1 when absent. */
    public int get(long key) {
        int mask = keys.length - 1;
        for (int s = slot(key, mask); values[s] >= 0; s = (s + 1) & mask) {
            if (keys[s] == key) {
                return values[s];
            }
        }
        return -1;
    }

    /** Puts key -> value (non-negative), replacing an earlier value. */
    public void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative, got " + value);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int s = slot(key, mask);
        while (values[s] >= 0) {
            if (keys[s] == key) {
                values[s] = value;
                return;
            }
            s = (s + 1) & mask;
        }
        keys[s] = key;
        values[s] = value;
        size++;
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] >= 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
