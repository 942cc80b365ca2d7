package dev.kiln.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge loop on small counts worked out by hand. */
class BpeTrainerTest {
    /** Hugging Face's course example: hug 10, pug 5, pun 12, bun 4, hugs 5. */
    @Test
    void mergesTheMostFrequentPairFirst() {
        TokenTable table = new TokenTable();
        for (String c : List.of("b", "g", "h", "n", "p", "s", "u")) {
            table.add(c);
        }
        String[] words = {"hug", "pug", "pun", "bun", "hugs"};
        long[] counts = {10, 5, 12, 4, 5};
        int[][] ids = new int[words.length][];
        for (int w = 0; w < words.length; w++) {
            ids[w] = words[w].chars().map(c -> table.id(String.valueOf((char) c))).toArray();
        }
        BpeTrainer trainer = new BpeTrainer(table, "", id -> true, s -> false);
        List<String> merges = new ArrayList<>();
        for (BpeTrainer.Merge m : trainer.train(ids, counts, 3, 1, null)) {
            merges.add(table.token(m.left()) + " " + table.token(m.right()));
        }
        // u g: 10 + 5 + 5 = 20; then u n: 12 + 4 = 16; then h ug: 10 + 5 = 15
        assertEquals(List.of("u g", "u n", "h ug"), merges);
        assertEquals("hug", table.token(ids[0][0]));
        assertEquals(List.of("hug", "s"), List.of(table.token(ids[4][0]), table.token(ids[4][1])));
    }

    @Test
    void tiesGoToTheSmallerPairAndBlockedResultsAreSkipped() {
        TokenTable table = new TokenTable();
        for (String c : List.of("a", "b", "c", "d")) {
            table.add(c);
        }
        int[][] ids = {{0, 1}, {2, 3}}; // "ab" and "cd", once each: a tie
        BpeTrainer trainer = new BpeTrainer(table, "", id -> true, s -> s.equals("ab"));
        List<BpeTrainer.Merge> merges = trainer.train(ids, new long[] {3, 3}, 5, 1, null);
        assertEquals(1, merges.size());
        assertEquals("cd", table.token(merges.get(0).result()));
    }

    @Test
    void wordPiecePrefixIsDroppedFromTheRightPart() {
        TokenTable table = new TokenTable();
        BpeTrainer trainer = new BpeTrainer(table, "##", id -> true, s -> false);
        assertEquals("ab", trainer.join("a", "##b"));
        assertEquals("##ab", trainer.join("##a", "##b"));
    }
}
