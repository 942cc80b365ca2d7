package dev.kiln.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The growable map against a HashMap: puts, replacements, absent keys and growth past the size it was made for. */
class LongIntMapTest {
    @Test
    void agreesWithAHashMapWhileGrowing() {
        Random random = new Random(11);
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextInt(20_000) * 0x9E3779B97F4A7C15L; // replacements and keys of all bits
            int value = random.nextInt(1_000_000);
            map.put(key, value);
            expected.put(key, value);
        }
        assertEquals(expected.size(), map.size());
        expected.forEach((k, v) -> assertEquals(v, map.get(k)));
        assertEquals(-1, map.get(1), "absent");
        map.put(0, 7);
        assertEquals(7, map.get(0), "key 0 is a key like any other");
        assertThrows(IllegalArgumentException.class, () -> map.put(5, -1));
    }
}
