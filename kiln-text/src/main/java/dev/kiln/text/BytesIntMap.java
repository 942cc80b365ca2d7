package dev.kiln.text;

import java.util.Arrays;

/**
 * An immutable-after-build map from byte strings to non-negative ints, so a lookup of a piece in
 * a caller's buffer allocates nothing. Keys of up to 7 bytes (most tokens) are packed with their
 * length into a long and probed in one table; longer keys live in an arena.
 */
public final class BytesIntMap {
    private static final int SHORT = 7;
    private final LongLongMap shortKeys;
    private final int mask;
    private final long[] longSlots; // (hash << 32 | entry + 1), 0 = empty
    private int[] keyStart;
    private int[] keyLength;
    private int[] values;
    private byte[] arena = new byte[1 << 16];
    private int arenaSize;
    private int longCount;

    public BytesIntMap(int expected) {
        shortKeys = new LongLongMap(expected);
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        mask = capacity - 1;
        longSlots = new long[capacity];
        keyStart = new int[64];
        keyLength = new int[64];
        values = new int[64];
    }

    /** The key of a short byte string: its bytes and its length in the top byte. */
    public static long pack(byte[] key, int off, int len) {
        long k = (long) len << 56;
        for (int i = 0; i < len; i++) {
            k |= (key[off + i] & 0xFFL) << (8 * i);
        }
        return k;
    }

    /**
     * The key of text[start, end) when it is 1 to 7 ASCII chars, which are then its UTF-8 bytes;
     * otherwise 0, which is no key. Saves encoding the commonest pieces before a lookup.
     */
    public static long packAscii(String text, int start, int end) {
        int len = end - start;
        if (len > SHORT || len < 1) {
            return 0;
        }
        long k = (long) len << 56;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(start + i);
            if (c >= 0x80) {
                return 0;
            }
            k |= (long) c << (8 * i);
        }
        return k;
    }

    /** The value of a key made by {@link #pack} or {@link #packAscii}, or -1. */
    public int get(long packed) {
        return (int) shortKeys.get(packed);
    }

    private static int hash(byte[] key, int off, int len) {
        int h = 0x811C9DC5 ^ len;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (key[i] & 0xFF)) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** Adds key -> value unless key is present; returns whether it was added. */
    public boolean putIfAbsent(byte[] key, int value) {
        if (key.length <= SHORT) {
            long packed = pack(key, 0, key.length);
            if (shortKeys.get(packed) >= 0) {
                return false;
            }
            shortKeys.put(packed, value);
            return true;
        }
        int h = hash(key, 0, key.length);
        int slot = h & mask;
        long s;
        while ((s = longSlots[slot]) != 0) {
            if ((int) (s >>> 32) == h && equalsAt((int) s - 1, key, 0, key.length)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (longCount * 2 >= longSlots.length) {
            throw new IllegalStateException("BytesIntMap sized for fewer keys than " + longCount);
        }
        if (longCount == values.length) {
            keyStart = Arrays.copyOf(keyStart, longCount * 2);
            keyLength = Arrays.copyOf(keyLength, longCount * 2);
            values = Arrays.copyOf(values, longCount * 2);
        }
        if (arenaSize + key.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + key.length));
        }
        System.arraycopy(key, 0, arena, arenaSize, key.length);
        keyStart[longCount] = arenaSize;
        keyLength[longCount] = key.length;
        values[longCount] = value;
        arenaSize += key.length;
        longCount++;
        longSlots[slot] = ((long) h << 32) | longCount;
        return true;
    }

    /** The value of key[off, off+len), or -1. */
    public int get(byte[] key, int off, int len) {
        if (len <= SHORT) {
            return get(pack(key, off, len));
        }
        int h = hash(key, off, len);
        int slot = h & mask;
        long s;
        while ((s = longSlots[slot]) != 0) {
            if ((int) (s >>> 32) == h && equalsAt((int) s - 1, key, off, len)) {
                return values[(int) s - 1];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private boolean equalsAt(int entry, byte[] key, int off, int len) {
        if (keyLength[entry] != len) {
            return false;
        }
        int start = keyStart[entry];
        return Arrays.equals(arena, start, start + len, key, off, off + len);
    }
}
