package dev.kiln.tokenizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cluster boundaries from UAX #29's rules and its published examples. */
class GraphemesTest {
    private static List<String> clusters(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int end = Graphemes.clusterEnd(s, i);
            out.add(s.substring(i, end));
            i = end;
        }
        return out;
    }

    @Test
    void controlsAndLineBreaks() {
        assertEquals(List.of("a", "\r\n", "b"), clusters("a\r\nb"));           // GB3
        assertEquals(List.of("\n", "\r"), clusters("\n\r"));                 // GB4/5
        assertEquals(List.of("\n", "\u0301"), clusters("\n\u0301"));         // GB4 beats GB9
        assertEquals(List.of("a", "\u00AD", "b"), clusters("a\u00ADb"));     // soft hyphen is Control
        assertEquals(List.of("x", "\u200B", "y"), clusters("x\u200By"));
    }

    @Test
    void marksJoinTheirBase() {
        assertEquals(List.of("e\u0301", "t"), clusters("e\u0301t"));        // GB9
        assertEquals(List.of("a\u0300\u0301\u0302"), clusters("a\u0300\u0301\u0302"));
        assertEquals(List.of("\u0645\u200C", "\u062E"), clusters("\u0645\u200C\u062E")); // ZWNJ is Extend
        assertEquals(List.of("\u0915\u093F"), clusters("\u0915\u093F"));    // GB9a SpacingMark
        assertEquals(List.of("\u0E19\u0E49\u0E33"), clusters("\u0E19\u0E49\u0E33")); // Thai SARA AM
        assertEquals(List.of("\u0600\u0661"), clusters("\u0600\u0661"));    // GB9b Prepend
        assertEquals(List.of("\uFF76\uFF9E"), clusters("\uFF76\uFF9E"));    // halfwidth voiced mark
    }

    @Test
    void hangulSyllables() {
        assertEquals(List.of("\u1100\u1161\u11A8"), clusters("\u1100\u1161\u11A8")); // L V T
        assertEquals(List.of("\uAC00\u11A8", "\u1100"), clusters("\uAC00\u11A8\u1100")); // LV T | L
        assertEquals(List.of("\uAC01", "\u1161"), clusters("\uAC01\u1161")); // LVT does not take V
    }

    @Test
    void emojiSequences() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertEquals(List.of(family, "x"), clusters(family + "x"));          // GB11
        assertEquals(List.of("\uD83D\uDC4D\uD83C\uDFFD"), clusters("\uD83D\uDC4D\uD83C\uDFFD")); // modifier
        assertEquals(List.of("a\u200D", "\uD83D\uDC69"), clusters("a\u200D\uD83D\uDC69")); // no GB11 after a letter
        String fr = "\uD83C\uDDEB\uD83C\uDDF7";
        String de = "\uD83C\uDDE9\uD83C\uDDEA";
        assertEquals(List.of(fr, de, "\uD83C\uDDEB"), clusters(fr + de + "\uD83C\uDDEB")); // GB12/13
        assertEquals(List.of("#\uFE0F\u20E3"), clusters("#\uFE0F\u20E3"));
    }
}
