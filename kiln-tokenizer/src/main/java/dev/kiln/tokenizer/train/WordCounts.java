package dev.kiln.tokenizer.train;

import dev.kiln.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * How often each pre-tokenized piece occurs in a corpus. With splitAtMetaspace, pieces are also cut
 * before each inner '▁' as SentencePiece splits on whitespace (Llama-2's pipeline has no pre-tokenizer,
 * so a whole segment arrives as one piece). Pieces longer than maxWordBytes in UTF-8 are cut into
 * parts of at most that size (text without spaces, such as Chinese, is one piece per document).
 */
final class WordCounts {
    final Map<String, long[]> counts = new HashMap<>();
    long documents;
    long textBytes;

    static WordCounts count(Corpus corpus, Tokenizer pipeline, boolean splitAtMetaspace, int maxWordBytes,
            LongConsumer progress) {
        if (maxWordBytes < 4) {
            throw new IllegalArgumentException("maxWordBytes must hold any character (4 bytes), got " + maxWordBytes);
        }
        WordCounts wc = new WordCounts();
        corpus.forEach(doc -> {
            wc.documents++;
            wc.textBytes += Corpus.utf8Length(doc.text());
            pipeline.preTokenize(doc.text(), piece -> {
                if (!splitAtMetaspace) {
                    wc.add(piece, maxWordBytes);
                    return;
                }
                int start = 0;
                for (int i = 1; i < piece.length(); i++) {
                    if (piece.charAt(i) == '\u2581') {
                        wc.add(piece.substring(start, i), maxWordBytes);
                        start = i;
                    }
                }
                wc.add(start == 0 ? piece : piece.substring(start), maxWordBytes);
            });
        }, progress);
        return wc;
    }

    private void add(String word, int maxBytes) {
        if (word.length() * 3L <= maxBytes) { // a UTF-16 unit is at most 3 UTF-8 bytes
            counts.computeIfAbsent(word, w -> new long[1])[0]++;
            return;
        }
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                counts.computeIfAbsent(word.substring(start, i), w -> new long[1])[0]++;
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        counts.computeIfAbsent(start == 0 ? word : word.substring(start), w -> new long[1])[0]++;
    }

    /** Occurrences of each code point, weighted by word counts. */
    Map<Integer, Long> codePoints() {
        Map<Integer, Long> cps = new HashMap<>();
        counts.forEach((w, c) -> w.codePoints().forEach(cp -> cps.merge(cp, c[0], Long::sum)));
        return cps;
    }

    /**
     * The most frequent code points covering a fraction coverage of all occurrences (SentencePiece's
     * character_coverage), most frequent first (ties: lower code point), at most max of them.
     */
    static List<Integer> covering(Map<Integer, Long> cps, double coverage, int max) {
        if (coverage <= 0 || coverage > 1) {
            throw new IllegalArgumentException("character coverage must be in (0, 1], got " + coverage);
        }
        List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(cps.entrySet());
        sorted.sort((a, b) -> !a.getValue().equals(b.getValue())
                ? Long.compare(b.getValue(), a.getValue()) : Integer.compare(a.getKey(), b.getKey()));
        long total = 0;
        for (Map.Entry<Integer, Long> e : sorted) {
            total += e.getValue();
        }
        List<Integer> kept = new ArrayList<>();
        long covered = 0;
        for (Map.Entry<Integer, Long> e : sorted) {
            if (kept.size() >= max || (covered >= coverage * total && !kept.isEmpty())) {
                break;
            }
            kept.add(e.getKey());
            covered += e.getValue();
        }
        return kept;
    }
}
