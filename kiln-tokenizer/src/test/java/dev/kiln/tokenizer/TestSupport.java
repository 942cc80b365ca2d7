package dev.kiln.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared inputs for tests in other packages. */
public final class TestSupport {
    private TestSupport() {}

    /** Documents from every corpus (skips loudly without them) and the adversarial cases. */
    public static List<String> sampleTexts(int perCorpus, int maxChars) {
        List<String> texts = new ArrayList<>();
        for (Path corpus : TestFiles.corpora()) {
            TestFiles.sample(corpus, perCorpus, 5, maxChars).forEach(d -> texts.add(d.text()));
        }
        texts.addAll(Adversarial.cases().stream().filter(s -> s.length() <= maxChars).toList());
        return texts;
    }
}
