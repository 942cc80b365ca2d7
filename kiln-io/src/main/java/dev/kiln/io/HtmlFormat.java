package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTML files ({@code .html .htm .xhtml}): one document per file, its path as id, empty text and the
 * decoded page in {@code html} for {@code html_extract}, as a WARC response gives it. The charset is
 * detected as a browser would without HTTP headers (BOM, meta declaration, sniffing) and recorded.
 */
final class HtmlFormat implements InputFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public void parse(RawRecord r, InputSpec spec, Parsed out) {
    HtmlCharset.Detected cs = HtmlCharset.detect(r.bytes(), null);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("charset", cs.charset().name());
    meta.put(WarcFormat.HTML, cs.decode(r.bytes()));
    out.document(Document.of(r.file(), "", meta));
  }
}
