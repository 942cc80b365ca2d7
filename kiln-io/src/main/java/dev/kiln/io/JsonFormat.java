package dev.kiln.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.Emitter;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import dev.kiln.core.stats.StageStats;
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
    return wholeFile ? LineReader.wholeFile(input, path, in, ctx) : new LineReader.Lines(input, path, in, ctx);
  }

  @Override
  public void parse(RawRecord r, InputSpec spec, Emitter<Document> out, TaskContext ctx) {
    StageStats stats = ctx.stats(LineReader.STAGE);
    if (isBlank(r.bytes())) {
      stats.in();
      ctx.drop(LineReader.STAGE, r.file() + ":" + r.line(), "blank_line", null);
      return;
    }
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(r.bytes(), Object.class);
    } catch (JsonProcessingException e) {
      stats.in();
      RecordParser.quarantine(r, ctx, "malformed JSON: " + e.getOriginalMessage());
      return;
    } catch (java.io.IOException e) {
      stats.in();
      RecordParser.quarantine(r, ctx, "unreadable record: " + e.getMessage());
      return;
    }
    // A .json file may hold an array of documents; each element counts as one record.
    if (parsed instanceof List<?> array && wholeFile) {
      for (int i = 0; i < array.size(); i++) {
        stats.in();
        emit(array.get(i), r, r.file() + "#" + i, spec, out, ctx);
      }
    } else {
      stats.in();
      emit(parsed, r, r.file() + ":" + r.line(), spec, out, ctx);
    }
  }

  @SuppressWarnings("unchecked")
  private static void emit(Object value, RawRecord r, String defaultId, InputSpec spec, Emitter<Document> out, TaskContext ctx) {
    if (!(value instanceof Map<?, ?> map)) {
      RecordParser.quarantine(r, ctx, "not a JSON object");
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
        RecordParser.quarantine(r, ctx, "text field '" + name + "' is not a string");
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
      RecordParser.quarantine(r, ctx, "missing text field " + (spec.textFields().size() == 1 ? "'" + spec.textFields().get(0) + "'" : spec.textFields()));
      return;
    }
    Object id = fields.remove(spec.idField());
    ctx.stats(LineReader.STAGE).kept();
    out.emit(RecordParser.withSource(Document.of(id == null ? defaultId : id.toString(), text != null ? text.toString() : single != null ? single : "", fields), spec));
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
