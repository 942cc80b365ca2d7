package dev.kiln.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merge-key filter never says "no" to a key it holds, and rarely says "maybe" to others. */
class LongFilterTest {
    @Test
    void noFalseNegativesAndFewFalsePositives() {
        Random random = new Random(7);
        Set<Long> keys = new HashSet<>();
        LongFilter filter = new LongFilter(280_000, 8);
        while (keys.size() < 280_000) {
            // shaped like merge keys: (left id << 32 | right id) over a 128k vocabulary
            long key = ((long) random.nextInt(128_000) << 32) | random.nextInt(128_000);
            if (keys.add(key)) {
                filter.add(key);
            }
        }
        for (long key : keys) {
            assertTrue(filter.mayContain(key), () -> "filter lost key " + key);
        }
        int falsePositives = 0;
        int absent = 0;
        while (absent < 1_000_000) {
            long key = ((long) random.nextInt(128_000) << 32) | random.nextInt(128_000);
            if (!keys.contains(key)) {
                absent++;
                falsePositives += filter.mayContain(key) ? 1 : 0;
            }
        }
        double rate = falsePositives / (double) absent;
        System.out.printf("FILTER false positives: %.2f%% of %d absent keys%n", 100 * rate, absent);
        assertTrue(rate < 0.02, "false-positive rate " + rate + " is above 2%");
    }
}
