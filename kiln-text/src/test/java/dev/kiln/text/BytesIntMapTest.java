package dev.kiln.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesIntMapTest {
    @Test
    void findsWhatWasPutAndNothingElse() {
        Random random = new Random(7);
        Map<String, Integer> reference = new HashMap<>();
        BytesIntMap map = new BytesIntMap(5000);
        for (int i = 0; i < 5000; i++) {
            byte[] key = new byte[1 + random.nextInt(20)];
            random.nextBytes(key);
            String name = new String(key, StandardCharsets.ISO_8859_1);
            assertEquals(!reference.containsKey(name), map.putIfAbsent(key, i));
            reference.putIfAbsent(name, i);
        }
        for (int i = 0; i < 20000; i++) {
            byte[] key = new byte[1 + random.nextInt(20)];
            random.nextBytes(key);
            if (i < 5000) {
                key = reference.keySet().stream().skip(i % reference.size()).findFirst().orElseThrow()
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            String name = new String(key, StandardCharsets.ISO_8859_1);
            byte[] padded = new byte[key.length + 6];
            System.arraycopy(key, 0, padded, 3, key.length);
            assertEquals(reference.getOrDefault(name, -1), map.get(padded, 3, key.length), name);
        }
    }

    @Test
    void asciiKeysPackedFromCharsEqualTheirBytes() {
        BytesIntMap map = new BytesIntMap(16);
        map.putIfAbsent(" the".getBytes(StandardCharsets.UTF_8), 5);
        String text = "x the y";
        long packed = BytesIntMap.packAscii(text, 1, 5);
        assertEquals(BytesIntMap.pack(" the".getBytes(StandardCharsets.UTF_8), 0, 4), packed);
        assertEquals(5, map.get(packed));
        assertEquals(-1, map.get(BytesIntMap.packAscii(text, 1, 4)));
        // not ASCII, too long or empty: no key, so the caller encodes the bytes instead
        assertEquals(0, BytesIntMap.packAscii(" thé", 0, 4));
        assertEquals(0, BytesIntMap.packAscii("abcdefgh", 0, 8));
        assertEquals(0, BytesIntMap.packAscii("abc", 1, 1));
        assertTrue(BytesIntMap.packAscii("abcdefg", 0, 7) != 0);
        assertFalse(map.putIfAbsent(" the".getBytes(StandardCharsets.UTF_8), 6));
    }
}
