package dev.kiln.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The map holds the number of keys it was sized for (at most 2/3 full), and says so beyond. */
class LongLongMapTest {
    @Test
    void mapHoldsItsExpectedSizeAtTwoThirdsLoad() {
        for (int expected : new int[] {1, 16, 100, 280_147}) {
            LongLongMap map = new LongLongMap(expected);
            for (int i = 0; i < expected; i++) {
                map.put(i * 0x1_0000_0001L, i);
            }
            for (int i = 0; i < expected; i++) {
                assertEquals(i, map.get(i * 0x1_0000_0001L));
            }
            assertEquals(-1, map.get(-5));
        }
        LongLongMap small = new LongLongMap(16); // 32 slots: 21 keys fit, the 22nd does not
        for (int i = 0; i < 21; i++) {
            small.put(i, i);
        }
        assertThrows(IllegalStateException.class, () -> small.put(21, 21));
    }
}
