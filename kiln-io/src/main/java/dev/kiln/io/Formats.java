package dev.kiln.io;

import java.util.List;
import java.util.Locale;

/**
 * The input formats, chosen by file extension under any compression suffix ({@code .gz},
 * {@code .zst}, {@code .zstd}): {@code .warc} (Common Crawl WARC/WET), {@code .pdf}, HTML
 * ({@code .html .htm .xhtml}, one page per file), text
 * ({@code .txt .md .rst}, one document per file), {@code .json} (an object or an array of them), and
 * JSON lines for everything else ({@code .jsonl .ndjson}).
 */
public final class Formats {
  private Formats() {}

  public static final InputFormat JSONL = new JsonFormat(false);
  public static final InputFormat JSON = new JsonFormat(true);
  public static final InputFormat TEXT = new TextFormat();
  public static final InputFormat WARC = new WarcFormat();
  public static final InputFormat PDF = new PdfFormat();
  public static final InputFormat HTML = new HtmlFormat();
  /** Every format, in a fixed order (a raw record's encoding names its format by position). */
  static final List<InputFormat> ALL = List.of(JSONL, JSON, TEXT, WARC, PDF, HTML);

  /** Extensions (without compression suffix) that directory and glob inputs pick up. */
  public static final List<String> EXTENSIONS = List.of(".jsonl", ".json", ".ndjson", ".txt", ".md", ".rst", ".warc", ".pdf", ".html", ".htm", ".xhtml");

  /** The format of a file, by its name. */
  public static InputFormat of(String path) {
    return switch (extension(path)) {
      case "txt", "md", "rst" -> TEXT;
      case "json" -> JSON;
      case "warc" -> WARC;
      case "pdf" -> PDF;
      case "html", "htm", "xhtml" -> HTML;
      default -> JSONL;
    };
  }

  /** The lower-case extension after dropping one compression suffix: "a/b.warc.gz" gives "warc". */
  static String extension(String path) {
    int end = path.length();
    int dot = path.lastIndexOf('.');
    if (dot > path.lastIndexOf('/')) {
      String last = path.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (last.equals("gz") || last.equals("zst") || last.equals("zstd")) {
        end = dot;
        dot = path.lastIndexOf('.', end - 1);
      }
    }
    return dot <= path.lastIndexOf('/') ? "" : path.substring(dot + 1, end).toLowerCase(Locale.ROOT);
  }
}
