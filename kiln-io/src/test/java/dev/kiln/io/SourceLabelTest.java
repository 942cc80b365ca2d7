package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An input's source label does not silently replace a record's own source. */
class SourceLabelTest {
  private static Document parse(String line, String source) {
    List<Document> out = new ArrayList<>();
    new RecordParser(List.of(new InputSpec("x.jsonl", List.of("text"), "id", source)))
        .apply(new RawRecord(Formats.JSONL, 0, "x.jsonl", 1, line.getBytes(StandardCharsets.UTF_8)), out::add, new FakeContext());
    return out.get(0);
  }

  @Test
  void theRecordsOwnSourceIsKeptBesideTheLabel() {
    Document d = parse("{\"id\":\"a\",\"text\":\"t\",\"source\":\"wiki\"}", "web");
    assertEquals("web", d.meta("source"));
    assertEquals("wiki", d.meta("source_record"));
    Document same = parse("{\"id\":\"a\",\"text\":\"t\",\"source\":\"web\"}", "web");
    assertNull(same.meta("source_record"));
    assertEquals("wiki", parse("{\"id\":\"a\",\"text\":\"t\",\"source\":\"wiki\"}", null).meta("source"));
  }
}
