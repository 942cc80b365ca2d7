package dev.kiln.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import dev.kiln.core.util.Json;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines (one object a line), or with {@code wholeFile} a {@code .json} file holding one object
 * or an array of them (each element one record).
 */
final class JsonFormat implements InputFormat {
  private static final long serialVersionUID = 1L;

  private final boolean wholeFile;

  JsonFormat(boolean wholeFile) {
    this.wholeFile = wholeFile;
  }

  @Override
  public CloseableIterator<RawRecord> records(int input, String path, InputStream in, TaskContext ctx) {
    return wholeFile ? LineReader.wholeFile(this, input, path, in, ctx) : new LineReader.Lines(this, input, path, in, ctx);
  }

  @Override
  public void parse(RawRecord r, InputSpec spec, Parsed out) {
    if (isBlank(r.bytes())) {
      out.skipped(r.file() + ":" + r.line(), "blank_line", null);
      return;
    }
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(r.bytes(), Object.class);
    } catch (JsonProcessingException e) {
      out.malformed("malformed JSON: " + e.getOriginalMessage());
      return;
    } catch (java.io.IOException e) {
      out.malformed("unreadable record: " + e.getMessage());
      return;
    }
    // A .json file may hold an array of documents; each element counts as one record.
    if (parsed instanceof List<?> array && wholeFile) {
      for (int i = 0; i < array.size(); i++) {
        emit(array.get(i), r.file() + "#" + i, spec, out);
      }
    } else {
      emit(parsed, r.file() + ":" + r.line(), spec, out);
    }
  }

  @SuppressWarnings("unchecked")
  private static void emit(Object value, String defaultId, InputSpec spec, Parsed out) {
    if (!(value instanceof Map<?, ?> map)) {
      out.malformed("not a JSON object");
      return;
    }
    LinkedHashMap<String, Object> fields = (LinkedHashMap<String, Object>) map;
    // One string field (the common case) is the text as parsed: no copy through a builder.
    String single = null;
    StringBuilder text = null;
    boolean found = false;
    for (String name : spec.textFields()) {
      Object v = fields.remove(name);
      if (v == null) {
        continue;
      }
      if (!(v instanceof String) && !(v instanceof List<?>)) {
        out.malformed("text field '" + name + "' is not a string");
        return;
      }
      if (v instanceof String str && !found) {
        single = str;
      } else {
        if (text == null) {
          text = new StringBuilder(single == null ? "" : single);
        }
        if (v instanceof List<?> parts) {
          for (Object part : parts) {
            append(text, String.valueOf(part));
          }
        } else {
          append(text, (String) v);
        }
      }
      found = true;
    }
    if (!found && !fields.containsKey("html")) {
      out.malformed("missing text field " + (spec.textFields().size() == 1 ? "'" + spec.textFields().get(0) + "'" : spec.textFields()));
      return;
    }
    Object id = fields.remove(spec.idField());
    Object ids = fields.remove(TokenIdsField.NAME);
    Document doc = Document.of(id == null ? defaultId : id.toString(), text != null ? text.toString() : single != null ? single : "", fields);
    if (ids != null) {
      try {
        doc = doc.withTokenIds(TokenIdsField.decode((String) ids));
      } catch (ClassCastException | IllegalArgumentException e) {
        out.malformed("'" + TokenIdsField.NAME + "' is not a string of encoded token ids");
        return;
      }
    }
    out.document(doc);
  }

  private static void append(StringBuilder text, String part) {
    if (text.length() > 0) {
      text.append('\n');
    }
    text.append(part);
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }
}
