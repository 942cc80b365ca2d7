package dev.kiln.pack.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.RecipeParser;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tokenizer path in a recipe is taken from the recipe's directory, like inputs. */
class RecipePathsTest {
  @Test
  void tokenizerPathsAreRelativeToTheRecipe(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("tok"));
    Files.copy(SharedData.tokenizer("llama3"), dir.resolve("tok/tokenizer.json"));
    String yaml = """
        inputs: [a.jsonl]
        stages:
          - tokenize: {tokenizer: tok/tokenizer.json}
          - pack: {tokenizer: tok, seq_len: 128}
        output: out
        """;
    Recipe r = new RecipeParser(StageRegistry.load()).parse(yaml, dir);
    assertEquals(dir.resolve("tok/tokenizer.json").toString(), r.stages().get(0).params().get("tokenizer"));
    // the hash keeps the path as written, so the recipe hashes the same in any checkout
    Files.createDirectories(dir.resolve("b/tok"));
    Files.copy(SharedData.tokenizer("llama3"), dir.resolve("b/tok/tokenizer.json"));
    Recipe moved = new RecipeParser(StageRegistry.load()).parse(yaml, dir.resolve("b"));
    assertEquals(dir.resolve("b/tok/tokenizer.json").toString(), moved.stages().get(0).params().get("tokenizer"));
    assertEquals(r.hash(), moved.hash());
  }
}
