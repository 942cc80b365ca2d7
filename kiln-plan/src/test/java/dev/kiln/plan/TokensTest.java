package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

  @Test
  void readsDecimalSuffixes() {
    assertEquals(1_000_000_000_000L, Tokens.parse("1T"));
    assertEquals(1_400_000_000_000L, Tokens.parse("1.4T"));
    assertEquals(300_000_000_000L, Tokens.parse("300B"));
    assertEquals(20_000_000L, Tokens.parse("20M"));
    assertEquals(64_000L, Tokens.parse("64k"));
    assertEquals(4_194_304L, Tokens.parse("4194304"));
    assertEquals(1_000_000_000_000L, Tokens.parse("1e12"));
    assertEquals(2_500L, Tokens.parse(" 2.5e3 "));
  }

  @Test
  void rejectsWhatIsNotAPositiveWholeCount() {
    for (String bad : new String[] {"1.5", "abc", "-5", "0", "1.4X", "99999999999T", ""}) {
      assertThrows(IllegalArgumentException.class, () -> Tokens.parse(bad), bad);
    }
  }

  @Test
  void readsTokensFromAKilnOutputDirectory(@TempDir Path run) throws IOException {
    Path stats =
        Files.writeString(run.resolve("stats.json"), "{\"documents\": 12, \"tokens\": 34567890}");
    assertEquals(34_567_890L, Tokens.fromStats(run));
    assertEquals(34_567_890L, Tokens.fromStats(stats));
    assertEquals(34_567_890L, Tokens.resolve(run.toString()));
    Files.writeString(stats, "{\"tokens\": 1.4e12}");
    assertEquals(1_400_000_000_000L, Tokens.fromStats(run));
  }

  @Test
  void explainsBadStats(@TempDir Path run) throws IOException {
    Path stats = Files.writeString(run.resolve("stats.json"), "{\"documents\": 12}");
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> Tokens.fromStats(stats));
    assertTrue(missing.getMessage().contains("'tokens'"), missing.getMessage());
    Files.writeString(stats, "{\"tokens\": 12.5}");
    assertThrows(IllegalArgumentException.class, () -> Tokens.fromStats(stats));
    Files.writeString(stats, "{\"tokens\": \"12\"}");
    assertThrows(IllegalArgumentException.class, () -> Tokens.fromStats(stats));
    IllegalArgumentException neither =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tokens.resolve(run.resolve("no-such-run").toString()));
    assertTrue(neither.getMessage().contains("neither"), neither.getMessage());
  }
}
