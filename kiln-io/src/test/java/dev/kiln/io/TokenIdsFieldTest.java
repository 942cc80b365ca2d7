package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenIdsFieldTest {
  @Test
  void tokenIdsSurviveTheirEncoding() {
    int[] ids = {0, 1, 127, 128, 16383, 16384, 128000, 151643, Integer.MAX_VALUE};
    assertArrayEquals(ids, TokenIdsField.decode(TokenIdsField.encode(ids)));
    assertArrayEquals(new int[0], TokenIdsField.decode(TokenIdsField.encode(new int[0])));
  }

  @Test
  void tokenIdsTravelAsIdsAndComeBackFromTheirShard() throws Exception {
    int[] ids = {128000, 9906, 1917, 128001};
    Document d = Document.of("d", "Hello world", Map.of("tokens", 4)).withTokenIds(ids);
    // Between stages: the document codec carries the ids, not metadata.
    Document back = Codecs.decode(Codecs.DOCUMENT, Codecs.encode(Codecs.DOCUMENT, d));
    assertEquals(d, back);
    assertArrayEquals(ids, back.tokenIds());
    assertNull(back.meta(TokenIdsField.NAME));
    assertNull(Codecs.decode(Codecs.DOCUMENT, Codecs.encode(Codecs.DOCUMENT, Document.of("e", "x"))).tokenIds());
    // In a shard: one field; read back into the slot.
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (var g = ShardWriter.generator(bos)) {
      ShardWriter.writeDocument(d, g);
    }
    String line = bos.toString(StandardCharsets.UTF_8);
    assertEquals("{\"id\":\"d\",\"text\":\"Hello world\",\"tokens\":4,\"token_ids\":\"" + TokenIdsField.encode(ids) + "\"}\n", line);
    List<Document> read = new ArrayList<>();
    new RecordParser(List.of(new InputSpec("x.jsonl", List.of("text"), "id", null)))
        .apply(new RawRecord(Formats.JSONL, 0, "x.jsonl", 1, line.strip().getBytes(StandardCharsets.UTF_8)), read::add, new FakeContext());
    assertEquals(1, read.size());
    assertArrayEquals(ids, read.get(0).tokenIds());
    assertEquals(4, ((Number) read.get(0).meta("tokens")).intValue());
  }
}
