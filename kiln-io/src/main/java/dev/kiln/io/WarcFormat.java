package dev.kiln.io;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * WARC files ({@code .warc}, {@code .warc.gz}; Common Crawl WARC and WET) read with jwarc. A
 * {@code response} record whose HTTP status is 200 and whose payload is HTML becomes a document with
 * empty text and the decoded page in {@code html} (for {@code html_extract}), plus {@code url},
 * {@code date} (the WARC date, ISO-8601) and {@code charset}; a WET {@code conversion} record with
 * plain text becomes a text document with {@code url} and {@code date}. The document id is the WARC
 * record id. Other responses are counted as dropped ({@code warc_http_status}, {@code warc_not_html});
 * requests, metadata, warcinfo and revisit records are not documents and are skipped. The raw record's
 * "line" is its ordinal in the file, so quarantined records can be found again.
 */
final class WarcFormat implements InputFormat {
  private static final long serialVersionUID = 1L;

  static final String KIND = "kind";
  static final String HTML = "html";
  static final String TEXT = "text";

  @Override
  public CloseableIterator<RawRecord> records(int input, String path, InputStream in, TaskContext ctx) throws IOException {
    WarcReader reader;
    try {
      reader = new WarcReader(in);
    } catch (IOException | IllegalArgumentException e) {
      in.close();
      return LineReader.damaged(path, 1, "not a WARC file: " + e.getMessage(), ctx);
    }
    reader.setLenient(true);
    return new Records(input, path, reader, ctx);
  }

  private static final class Records implements CloseableIterator<RawRecord> {
    private final int input;
    private final String path;
    private final WarcReader reader;
    private final TaskContext ctx;
    private long ordinal;
    private RawRecord next;
    private boolean done;

    Records(int input, String path, WarcReader reader, TaskContext ctx) {
      this.input = input;
      this.path = path;
      this.reader = reader;
      this.ctx = ctx;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        Optional<WarcRecord> rec;
        try {
          rec = reader.next();
        } catch (IOException | RuntimeException e) {
          done = true;
          close();
          ReadAccounting.damaged(ctx, path, ordinal + 1, "corrupt WARC record (the rest of the file is lost): " + e.getMessage(), null);
          return false;
        }
        if (rec.isEmpty()) {
          done = true;
          close();
          return false;
        }
        ordinal++;
        try {
          next = convert(rec.get());
        } catch (java.io.EOFException e) {
          done = true;
          close();
          ReadAccounting.damaged(ctx, path, ordinal, "truncated WARC record (the rest of the file is lost): " + e.getMessage(), null);
          return false;
        } catch (IOException | RuntimeException e) {
          ReadAccounting.damaged(ctx, path, ordinal, "unreadable WARC record: " + e, null);
        }
      }
      return next != null;
    }

    /** The record as a raw record, or null when it is not a document (counted as dropped when it is a response). */
    private RawRecord convert(WarcRecord rec) throws IOException {
      if (rec instanceof WarcResponse resp) {
        String id = recordId(rec);
        HttpResponse http = resp.http();
        if (http.status() != 200) {
          ReadAccounting.skipped(ctx, id, "warc_http_status", String.valueOf(http.status()));
          return null;
        }
        MediaType type = http.contentType();
        String base = type == null ? "" : type.base().toString().toLowerCase(Locale.ROOT);
        if (!base.equals("text/html") && !base.equals("application/xhtml+xml")) {
          ReadAccounting.skipped(ctx, id, "warc_not_html", base);
          return null;
        }
        Map<String, Object> meta = header(rec, id, resp.target(), HTML);
        if (type != null) {
          meta.put("content_type", type.toString());
        }
        return new RawRecord(Formats.WARC, input, path, ordinal, body(http.bodyDecoded().stream()), meta);
      }
      if (rec instanceof WarcConversion conv) {
        MediaType type = conv.contentType();
        if (type != null && type.base().toString().equalsIgnoreCase("text/plain")) {
          Map<String, Object> meta = header(rec, recordId(rec), conv.target(), TEXT);
          meta.put("content_type", type.toString());
          return new RawRecord(Formats.WARC, input, path, ordinal, body(conv.body().stream()), meta);
        }
      }
      return null;
    }

    private static Map<String, Object> header(WarcRecord rec, String id, String url, String kind) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put(KIND, kind);
      meta.put("id", id);
      meta.put("url", url);
      meta.put("date", rec.date().toString());
      return meta;
    }

    private static String recordId(WarcRecord rec) {
      String id = rec.id().toString();
      return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }

    private static byte[] body(InputStream in) throws IOException {
      byte[] b = in.readNBytes(LineReader.MAX_LINE + 1);
      if (b.length > LineReader.MAX_LINE) {
        throw new IOException("payload longer than " + LineReader.MAX_LINE + " bytes");
      }
      return b;
    }

    @Override
    public RawRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RawRecord r = next;
      next = null;
      return r;
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void parse(RawRecord r, InputSpec spec, Parsed out) {
    Map<String, Object> meta = new LinkedHashMap<>(r.meta());
    String kind = (String) meta.remove(KIND);
    String id = (String) meta.remove("id");
    String contentType = (String) meta.get("content_type");
    String text;
    if (HTML.equals(kind)) {
      HtmlCharset.Detected cs = HtmlCharset.detect(r.bytes(), contentType);
      meta.put("charset", cs.charset().name());
      meta.put(HTML, cs.decode(r.bytes()));
      text = "";
    } else {
      String declared = HtmlCharset.declared(contentType);
      text = new String(r.bytes(), declared == null ? StandardCharsets.UTF_8 : HtmlCharset.charset(declared, StandardCharsets.UTF_8));
    }
    out.document(Document.of(id == null ? r.file() + ":" + r.line() : id, text, meta));
  }
}
