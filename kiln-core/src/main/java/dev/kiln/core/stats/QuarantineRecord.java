package dev.kiln.core.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record set aside: where it came from (file and line, or document id), which stage, the error,
 * and the start of the raw content so a person can see what was wrong.
 */
public record QuarantineRecord(String stage, String source, long line, String docId, String error, String excerpt) {
  public static final int EXCERPT_CHARS = 200;

  public static QuarantineRecord ofInput(String source, long line, String error, String raw) {
    return new QuarantineRecord("read", source, line, null, error, excerpt(raw));
  }

  public static QuarantineRecord ofStage(String stage, String docId, Throwable error) {
    String msg = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    return new QuarantineRecord(stage, null, -1, docId, msg, null);
  }

  static String excerpt(String raw) {
    if (raw == null) {
      return null;
    }
    return raw.length() <= EXCERPT_CHARS ? raw : raw.substring(0, EXCERPT_CHARS);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", stage);
    if (source != null) {
      m.put("file", source);
    }
    if (line >= 0) {
      m.put("line", line);
    }
    if (docId != null) {
      m.put("id", docId);
    }
    m.put("error", error);
    if (excerpt != null) {
      m.put("excerpt", excerpt);
    }
    return m;
  }
}
