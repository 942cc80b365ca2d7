package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln tokenizer train, extend and eval end to end on small slices of the shared corpora. */
class TokenizerCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainExtendAndEvalWorkTogether(@TempDir Path dir) throws Exception {
    Path fortunes = SharedData.corpus("fortunes");
    Path poetry = SharedData.corpus("chinese-poetry");

    CliTest.Result train = CliTest.kiln("tokenizer", "train", "--type", "bpe", "--style", "sentencepiece",
        "--vocab-size", "2000", "--character-coverage", "0.99", "--input", fortunes.toString(), "--limit-mb", "1",
        "--output", dir.resolve("trained").toString());
    assertEquals(0, train.exit(), train.err());
    JsonNode trained = JSON.readTree(dir.resolve("trained/tokenizer.json").toFile());
    assertEquals(2000, trained.get("model").get("vocab").size());
    assertTrue(trained.get("model").get("byte_fallback").asBoolean());

    CliTest.Result extend = CliTest.kiln("tokenizer", "extend", "--base", dir.resolve("trained/tokenizer.json").toString(),
        "--corpus", poetry.toString(), "--slice", "TRAIN", "--limit-mb", "1", "--add", "300", "--output", dir.resolve("extended").toString());
    assertEquals(0, extend.exit(), extend.err());
    JsonNode init = JSON.readTree(dir.resolve("extended/embedding_init.json").toFile());
    assertEquals(300, init.get("new_tokens").size());
    assertEquals(2000, init.get("new_tokens").get(0).get("id").asInt());

    Path json = dir.resolve("eval.json");
    CliTest.Result eval = CliTest.kiln("tokenizer", "eval", "--tokenizer", "base=" + dir.resolve("trained/tokenizer.json"),
        "ext=" + dir.resolve("extended/tokenizer.json"), "--input", poetry.toString(), "--slice", "TEST", "--limit-mb", "0.3",
        "--json", json.toString());
    assertEquals(0, eval.exit(), eval.err());
    assertTrue(eval.out().contains("zh-Hant"), eval.out());
    long base = 0;
    long ext = 0;
    for (JsonNode row : JSON.readTree(json.toFile())) {
      if (row.get("lang").asText().equals("all")) {
        if (row.get("tokenizer").asText().equals("base")) {
          base = row.get("tokens").asLong();
        } else {
          ext = row.get("tokens").asLong();
        }
      }
    }
    assertTrue(ext > 0 && ext < base, "extension should shorten held-out Chinese: " + base + " -> " + ext);
    assertTrue(Files.size(json) > 0);
  }
}
