package dev.kiln.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Document metadata behaves as an unmodifiable LinkedHashMap: insertion order, in-place replacement, removal. */
class MetaTest {
  @Test
  void behavesAsAnInsertionOrderedMap() {
    LinkedHashMap<String, Object> want = new LinkedHashMap<>();
    want.put("source", "web");
    want.put("lang", "en");
    Document d = Document.of("a", "text", want);
    d = d.withMeta(Map.of("score", 0.5)).withMeta("lang", "zh").withMeta(new String("source"), "mail");
    want.put("score", 0.5);
    want.put("lang", "zh");
    want.put("source", "mail");
    assertEquals(want, d.meta());
    assertEquals(want.hashCode(), d.meta().hashCode());
    assertEquals(List.copyOf(want.keySet()), List.copyOf(d.meta().keySet()), "replaced keys keep their place");
    assertEquals("zh", d.meta("lang"));
    d = d.withMeta("lang", null);
    want.remove("lang");
    assertEquals(want, d.meta());
    assertEquals(List.of("source", "score"), List.copyOf(d.meta().keySet()));
    assertNull(d.meta("lang"));
    assertThrows(UnsupportedOperationException.class, () -> Document.of("b", "t", want).meta().put("x", 1));
    assertSame(d, d.withMeta(Map.of()));
    assertTrue(Document.of("c", "t").meta().isEmpty());
  }

  @Test
  void aDocumentNeverSeesLaterChangesToTheMapItWasMadeFrom() {
    Map<String, Object> m = new LinkedHashMap<>(Map.of("k", 1));
    Document d = Document.of("a", "t", m);
    m.put("k", 2);
    assertEquals(1, d.meta("k"));
  }
}
