package dev.kiln.text;

/**
 * An open-addressing map from long keys to long values, -1 meaning absent; no boxing. Each key
 * sits next to its value so a hit costs one cache miss.
 */
public final class LongLongMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private final int mask;
    private final long[] table; // key at 2 * slot, value at 2 * slot + 1
    private int size;

    public LongLongMap(int expected) {
        // load at most 2/3: a big table (Llama-3's 280k merges) stays 8 MB instead of 16 MB
        int capacity = Integer.highestOneBit(Math.max(16, expected + expected / 2) - 1) << 1;
        mask = capacity - 1;
        table = new long[capacity * 2];
        for (int i = 0; i < table.length; i += 2) {
            table[i] = EMPTY;
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Puts key -> value, replacing an earlier value. */
    public void put(long key, long value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        int slot = mix(key) & mask;
        while (table[2 * slot] != EMPTY) {
            if (table[2 * slot] == key) {
                table[2 * slot + 1] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (3 * (size + 1) > 2 * (mask + 1)) {
            throw new IllegalStateException("LongLongMap sized for fewer keys than " + size);
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = value;
        size++;
    }

    /** Calls action with every key, in table order. */
    public void forEachKey(java.util.function.LongConsumer action) {
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != EMPTY) {
                action.accept(table[i]);
            }
        }
    }

    public long get(long key) {
        int slot = mix(key) & mask;
        long k;
        while ((k = table[2 * slot]) != EMPTY) {
            if (k == key) {
                return table[2 * slot + 1];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }
}
