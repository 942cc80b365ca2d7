package dev.kiln.text;

/**
 * A blocked Bloom filter over long keys: "no" is certain, "maybe" is wrong a few percent of the
 * time. Each key sets three bits of one 64-bit word, so a query reads one cache line of a table
 * small enough to stay in the CPU caches while the map it guards does not.
 */
public final class LongFilter {
    private final long[] words;
    private final int mask;

    /** A filter sized for about bitsPerKey bits per key (rounded to a power of two). */
    public LongFilter(int expected, int bitsPerKey) {
        int n = Integer.highestOneBit(Math.max(64, expected * bitsPerKey / 64 * 2 - 1));
        words = new long[n];
        mask = n - 1;
    }

    private static long mix(long key) {
        long h = (key ^ (key >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    private static long bits(long h) {
        return (1L << (h >>> 58)) | (1L << (h >>> 52)) | (1L << (h >>> 46));
    }

    public void add(long key) {
        long h = mix(key);
        words[(int) h & mask] |= bits(h);
    }

    public boolean mayContain(long key) {
        long h = mix(key);
        long b = bits(h);
        return (words[(int) h & mask] & b) == b;
    }
}
