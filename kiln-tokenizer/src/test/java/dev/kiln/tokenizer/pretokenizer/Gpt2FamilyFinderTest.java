package dev.kiln.tokenizer.pretokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tokenizer.TestSupport;
import dev.kiln.tokenizer.text.Regexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written splitters give exactly the matches of the regex they replace. */
class Gpt2FamilyFinderTest {
    // o200k's classes too: titlecase ǅ, modifier ʰ, marks Mn/Mc/Me, a supplementary letter 𝐀
    private static final String ALPHABET = "aZé中ſK'sStTrRevVmMlLdD 0123٣①\t\n\r\u00A0\u3000.,!?-_/\\\"()<>|😀\u0301\u0085"
            + "ǅʰ\u0903\u20DDΣς𝐀ÀB//";

    @ParameterizedTest
    @ValueSource(strings = {Gpt2FamilyFinder.GPT2, Gpt2FamilyFinder.LLAMA3, Gpt2FamilyFinder.QWEN2, Gpt2FamilyFinder.O200K})
    void sameMatchesAsTheRegex(String pattern) {
        MatchFinder fast = Gpt2FamilyFinder.forPattern(pattern).orElseThrow();
        MatchFinder regex = new RegexFinder(Regexes.compile(pattern));
        List<String> texts = new ArrayList<>(TestSupport.sampleTexts(40, 3000));
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(24);
            for (int k = 0; k < n; k++) {
                sb.appendCodePoint(ALPHABET.codePoints().skip(random.nextInt((int) ALPHABET.codePoints().count())).findFirst().orElseThrow());
            }
            texts.add(sb.toString());
        }
        int checked = 0;
        for (String text : texts) {
            assertEquals(matches(regex, text), matches(fast, text), () -> "matches differ for: " + text);
            checked++;
        }
        System.out.printf("SPLITTER %s...: %d/%d texts split identically to java.util.regex%n",
                pattern.substring(0, 12), checked, texts.size());
    }

    private static List<String> matches(MatchFinder finder, String text) {
        List<String> out = new ArrayList<>();
        finder.find(text, (s, e) -> out.add(s + ":" + e));
        return out;
    }
}
