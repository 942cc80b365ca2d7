package dev.kiln.text;

import java.util.function.ObjIntConsumer;

/**
 * A map from strings to non-negative ints (-1 = absent) that can look up a slice, or two slices
 * joined, of a larger string without building it: loading 280k merges "a b" then needs no
 * substring per merge.
 */
public final class StringIntMap {
    private String[] keys;
    private int[] values;
    private int[] hashes;
    private int mask;
    private int size;

    public StringIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        values = new int[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private static int hash(String s, int from, int to, int h) {
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /** Puts key -> value, replacing an earlier value. */
    public void put(String key, int value) {
        if (size * 2 >= keys.length) {
            String[] oldKeys = keys;
            int[] oldValues = values;
            allocate(keys.length * 2);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }
        int h = key.hashCode();
        int slot = spread(h) & mask;
        while (keys[slot] != null) {
            if (hashes[slot] == h && keys[slot].equals(key)) {
                values[slot] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = h;
        values[slot] = value;
        size++;
    }

    public int get(String key) {
        return get(key, 0, key.length());
    }

    /** The value of s[from, to). */
    public int get(String s, int from, int to) {
        return get(s, from, to, to, to);
    }

    /** The value of s[from1, to1) + s[from2, to2). */
    public int get(String s, int from1, int to1, int from2, int to2) {
        int h = hash(s, from2, to2, hash(s, from1, to1, 0));
        int len = (to1 - from1) + (to2 - from2);
        int slot = spread(h) & mask;
        String k;
        while ((k = keys[slot]) != null) {
            if (hashes[slot] == h && k.length() == len && regionEquals(k, s, from1, to1, from2, to2)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static boolean regionEquals(String k, String s, int from1, int to1, int from2, int to2) {
        int p = 0;
        for (int i = from1; i < to1; i++) {
            if (k.charAt(p++) != s.charAt(i)) {
                return false;
            }
        }
        for (int i = from2; i < to2; i++) {
            if (k.charAt(p++) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return size;
    }

    public void forEach(ObjIntConsumer<String> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], values[i]);
            }
        }
    }
}
