package dev.kiln.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnigramTrainerTest {
    @Test
    void digammaMatchesKnownValues() {
        assertEquals(-0.5772156649015329, UnigramTrainer.digamma(1), 1e-10); // -Euler's constant
        assertEquals(0.42278433509846713, UnigramTrainer.digamma(2), 1e-10);
        assertEquals(4.600161852738087, UnigramTrainer.digamma(100), 1e-10);
        assertEquals(-1.9635100260214235, UnigramTrainer.digamma(0.5), 1e-10);
    }
}
