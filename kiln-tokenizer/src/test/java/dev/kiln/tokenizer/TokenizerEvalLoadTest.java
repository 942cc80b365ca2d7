package dev.kiln.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tokenizer.train.TokenizerEval;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tokenizers of {@code kiln tokenizer eval}: NAME=PATH, or a path named after its directory; names are unique. */
class TokenizerEvalLoadTest {
    @Test
    void namesComeFromTheSpecOrTheParentDirectory() {
        Path llama3 = TestFiles.tokenizer("llama3");
        Path qwen3 = TestFiles.tokenizer("qwen3");
        Map<String, Tokenizer> toks = TokenizerEval.load(List.of("mine=" + llama3, qwen3.toString()));
        assertEquals(List.of("mine", "qwen3"), List.copyOf(toks.keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenizerEval.load(List.of(llama3.toString(), llama3.toString())));
        assertEquals("two tokenizers named llama3: name them with NAME=PATH", e.getMessage());
    }
}
