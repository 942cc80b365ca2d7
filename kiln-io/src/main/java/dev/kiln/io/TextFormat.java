package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.recipe.Recipe.InputSpec;

/** Plain text files ({@code .txt .md .rst}): one document per file, its path as id. */
final class TextFormat implements InputFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public void parse(RawRecord r, InputSpec spec, Parsed out) {
    String text = RecordParser.utf8(r, out);
    if (text != null) {
      out.document(Document.of(r.file(), text));
    }
  }
}
