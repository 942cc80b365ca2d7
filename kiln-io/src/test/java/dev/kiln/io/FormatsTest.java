package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.recipe.Recipe.InputSpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

class FormatsTest {
  @TempDir
  Path tmp;

  @Test
  void formatsByExtensionUnderCompression() {
    assertSame(Formats.WARC, Formats.of("/a/CC-MAIN-0001.warc.gz"));
    assertSame(Formats.WARC, Formats.of("x.WARC"));
    assertSame(Formats.PDF, Formats.of("dir.v2/paper.pdf"));
    assertSame(Formats.TEXT, Formats.of("notes.md.zst"));
    assertSame(Formats.JSON, Formats.of("a.json"));
    assertSame(Formats.JSONL, Formats.of("a.jsonl.zst"));
    assertSame(Formats.JSONL, Formats.of("dir.pdf/data"));
    assertSame(Formats.JSONL, Formats.of("noext"));
    assertSame(Formats.HTML, Formats.of("site/index.HTML.gz"));
    assertSame(Formats.HTML, Formats.of("page.htm"));
  }

  @Test
  void htmlFilesKeepThePageForExtractionWithItsCharset() throws Exception {
    Path gbk = tmp.resolve("zh.html");
    Files.write(gbk, "<html><head><meta charset=gb2312><title>数据</title></head><body><p>网页数据的清洗</p></body></html>"
        .getBytes(Charset.forName("GB18030")));
    Path utf8 = tmp.resolve("en.htm");
    Files.writeString(utf8, "<p>caf\u00e9</p>");
    FakeContext ctx = new FakeContext();
    Document zh = read(gbk, ctx).get(0);
    assertEquals(gbk.toString(), zh.id());
    assertEquals("", zh.text());
    assertEquals("GB18030", zh.meta("charset"));
    assertTrue(zh.meta("html").toString().contains("<p>网页数据的清洗</p>"));
    Document en = read(utf8, ctx).get(0);
    assertEquals("UTF-8", en.meta("charset"));
    assertEquals("<p>caf\u00e9</p>", en.meta("html"));
  }

  /** Reads a file through the reader and the parser, as the pipeline does. */
  static List<Document> read(Path file, FakeContext ctx) throws Exception {
    InputSpec spec = new InputSpec(file.toString(), List.of("text"), "id", "test");
    List<Document> docs = new ArrayList<>();
    RecordParser parser = new RecordParser(List.of(spec));
    try (CloseableIterator<RawRecord> it = new LineReader().open(new FileSplit(0, List.of(file.toString()), Files.size(file)), ctx)) {
      while (it.hasNext()) {
        RawRecord r = RawRecord.CODEC.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(encode(it.next()))));
        parser.apply(r, docs::add, ctx);
      }
    }
    return docs;
  }

  static byte[] encode(RawRecord r) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    RawRecord.CODEC.write(r, new java.io.DataOutputStream(b));
    return b.toByteArray();
  }

  static byte[] http(String head, byte[] body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(head.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(body);
    return b.toByteArray();
  }

  static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  static WarcResponse response(String url, Instant date, byte[] http) {
    return new WarcResponse.Builder(url).date(date).body(MediaType.HTTP_RESPONSE, http).build();
  }

  @Test
  void warcResponsesBecomeHtmlDocumentsWithUrlDateAndCharset() throws Exception {
    Charset gbk = Charset.forName("GB18030");
    String zh = "<html><body><p>数据清洗是大模型预训练的重要步骤，我们需要去除导航栏和广告。中文网页常常没有声明编码。</p></body></html>";
    String fr = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>Déjà vu, señor — café</p></body></html>";
    String en = "<html><body><p>Hello “world”</p></body></html>";
    byte[] enGz = gzip(en.getBytes(StandardCharsets.UTF_8));
    // Chunked transfer encoding around a gzip content encoding, as servers send it.
    byte[] chunked = http("HTTP/1.1 200 OK\nContent-Type: text/html; charset=UTF-8\nContent-Encoding: gzip\nTransfer-Encoding: chunked\n",
        concat(String.format("%x\r\n", 10).getBytes(StandardCharsets.ISO_8859_1), java.util.Arrays.copyOf(enGz, 10), "\r\n".getBytes(StandardCharsets.ISO_8859_1),
            String.format("%x\r\n", enGz.length - 10).getBytes(StandardCharsets.ISO_8859_1), java.util.Arrays.copyOfRange(enGz, 10, enGz.length),
            "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    Instant date = Instant.parse("2024-03-01T12:34:56Z");
    Path file = tmp.resolve("crawl.warc.gz");
    try (WarcWriter w = new WarcWriter(Files.newByteChannel(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE), WarcCompression.GZIP)) {
      w.write(new WarcRequest.Builder("https://example.cn/a").date(date)
          .body(MediaType.HTTP_REQUEST, "GET /a HTTP/1.1\r\nHost: example.cn\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).build());
      w.write(response("https://example.cn/a", date, http("HTTP/1.1 200 OK\nContent-Type: text/html\n", zh.getBytes(gbk))));
      w.write(response("https://example.fr/b", date, http("HTTP/1.1 200 OK\nContent-Type: text/html\n", fr.getBytes(Charset.forName("windows-1252")))));
      w.write(response("https://example.com/c", date, chunked));
      w.write(response("https://example.com/missing", date, http("HTTP/1.1 404 Not Found\nContent-Type: text/html\n", "<p>gone</p>".getBytes(StandardCharsets.UTF_8))));
      w.write(response("https://example.com/logo.png", date, http("HTTP/1.1 200 OK\nContent-Type: image/png\n", new byte[] {(byte) 0x89, 'P', 'N', 'G'})));
      w.write(new WarcConversion.Builder().setHeader("WARC-Target-URI", "https://example.com/c").date(date)
          .body(MediaType.parse("text/plain"), "Hello plain text".getBytes(StandardCharsets.UTF_8)).build());
    }
    FakeContext ctx = new FakeContext();
    List<Document> docs = read(file, ctx);
    assertEquals(4, docs.size(), docs.toString());
    Document a = docs.get(0);
    assertEquals("", a.text());
    assertEquals("https://example.cn/a", a.meta("url"));
    assertEquals("2024-03-01T12:34:56Z", a.meta("date"));
    assertEquals("GB18030", a.meta("charset"));
    assertEquals(zh, a.meta("html"));
    assertTrue(a.id().startsWith("urn:uuid:"), a.id());
    assertEquals("test", a.meta("source"));
    assertEquals(fr, docs.get(1).meta("html"));
    assertEquals("windows-1252", docs.get(1).meta("charset"));
    assertEquals(en, docs.get(2).meta("html"));
    assertEquals("Hello plain text", docs.get(3).text());
    assertEquals("https://example.com/c", docs.get(3).meta("url"));
    assertEquals(Map.of("warc_http_status", 1L, "warc_not_html", 1L), ctx.stats.stage("read").droppedByReason());
    assertEquals(6, ctx.stats.stage("read").inCount());
    assertEquals(4, ctx.stats.stage("read").keptCount());
    assertTrue(ctx.quarantined.isEmpty(), ctx.quarantined.toString());
    // A page labelled iso-8859-1 is decoded as windows-1252 (the em dash), as browsers do.
    assertTrue(docs.get(1).meta("html").toString().contains("señor — café"));
    // Distinct documents get distinct ids.
    assertEquals(4, docs.stream().map(Document::id).distinct().count());
  }

  @Test
  void truncatedWarcIsQuarantinedAndEarlierRecordsKept() throws Exception {
    Path file = tmp.resolve("cut.warc");
    try (OutputStream out = Files.newOutputStream(file); WarcWriter w = new WarcWriter(out)) {
      for (int i = 0; i < 3; i++) {
        w.write(response("https://example.com/" + i, Instant.now(), http("HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n",
            ("<p>page " + i + " " + "x".repeat(500) + "</p>").getBytes(StandardCharsets.UTF_8))));
      }
    }
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 300));
    FakeContext ctx = new FakeContext();
    List<Document> docs = read(file, ctx);
    assertEquals(2, docs.size());
    assertEquals(1, ctx.quarantined.size(), ctx.quarantined.toString());
    assertEquals(3, ctx.quarantined.get(0).line());
  }

  @Test
  void charsetDetectionOrder() {
    byte[] utf8 = "<p>naïve</p>".getBytes(StandardCharsets.UTF_8);
    assertEquals("utf8", HtmlCharset.detect(utf8, "text/html").source());
    assertEquals("http", HtmlCharset.detect(utf8, "text/html; charset=\"UTF-8\"").source());
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8);
    HtmlCharset.Detected d = HtmlCharset.detect(bom, "text/html; charset=iso-8859-1");
    assertEquals("bom", d.source());
    assertEquals("<p>naïve</p>", d.decode(bom));
    assertEquals("GB18030", HtmlCharset.charset("gb2312", null).name());
    assertEquals("windows-1252", HtmlCharset.charset("ISO-8859-1", null).name());
    byte[] big5 = "<p>繁體中文的網頁內容，常見於台灣和香港的網站。這是一段足夠長的文字，讓偵測器能夠判斷編碼。</p>".getBytes(Charset.forName("Big5"));
    HtmlCharset.Detected b = HtmlCharset.detect(big5, null);
    assertEquals("sniffed", b.source());
    assertTrue(b.charset().name().toLowerCase().startsWith("big5"), b.charset().name());
  }

  @Test
  void pdfTextInReadingOrderWithPagesAndHyphenationRepaired() throws Exception {
    Path file = tmp.resolve("paper.pdf");
    try (PDDocument pdf = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      PDPage p1 = new PDPage();
      pdf.addPage(p1);
      try (PDPageContentStream cs = new PDPageContentStream(pdf, p1)) {
        // Drawn bottom line first: reading order must still be top to bottom.
        line(cs, font, 700, "ple shows how a well-known repair works, and a well-");
        line(cs, font, 715, "The first paragraph of the exam-");
        line(cs, font, 685, "known compound keeps its hyphen. This docu-");
      }
      PDPage p2 = new PDPage();
      pdf.addPage(p2);
      try (PDPageContentStream cs = new PDPageContentStream(pdf, p2)) {
        line(cs, font, 715, "ment continues on page two.");
        line(cs, font, 700, "Second page, second line.");
      }
      PDDocumentInformation info = new PDDocumentInformation();
      info.setTitle("A Test Paper");
      pdf.setDocumentInformation(info);
      pdf.save(file.toFile());
    }
    FakeContext ctx = new FakeContext();
    List<Document> docs = read(file, ctx);
    assertEquals(1, docs.size());
    Document d = docs.get(0);
    String text = d.text();
    assertTrue(text.startsWith("The first paragraph of the example\nshows how a well-known repair works, and a well-known\ncompound keeps its hyphen. This document"), text);
    assertFalse(text.contains("exam-"), text);
    assertEquals(2, d.meta("pages"));
    @SuppressWarnings("unchecked")
    List<Integer> starts = (List<Integer>) d.meta("page_starts");
    assertEquals(0, starts.get(0));
    int second = text.offsetByCodePoints(0, starts.get(1));
    assertTrue(text.substring(second).startsWith("continues on page two.\nSecond page, second line."), text.substring(second));
    assertEquals("A Test Paper", d.meta("title"));
    assertEquals(file.toString(), d.id());
  }

  @Test
  void brokenPdfIsQuarantined() throws Exception {
    Path file = tmp.resolve("broken.pdf");
    Files.writeString(file, "%PDF-1.7\nthis is not a pdf body");
    FakeContext ctx = new FakeContext();
    assertTrue(read(file, ctx).isEmpty());
    assertEquals(1, ctx.quarantined.size());
    assertTrue(ctx.quarantined.get(0).error().startsWith("unreadable PDF"), ctx.quarantined.get(0).error());
  }

  @Test
  void jsonlStillReadLineByLine() throws Exception {
    Path file = tmp.resolve("a.jsonl");
    Files.writeString(file, "{\"id\":\"x\",\"text\":\"one\",\"lang\":\"en\"}\n\n{\"text\":\"two\"}\nnot json\n");
    FakeContext ctx = new FakeContext();
    List<Document> docs = read(file, ctx);
    assertEquals(List.of("one", "two"), docs.stream().map(Document::text).toList());
    assertEquals("x", docs.get(0).id());
    assertEquals(file + ":3", docs.get(1).id());
    assertEquals(1, ctx.quarantined.size());
    assertEquals(Map.of("blank_line", 1L), ctx.stats.stage("read").droppedByReason());
  }

  private static void line(PDPageContentStream cs, PDType1Font font, float y, String s) throws Exception {
    cs.beginText();
    cs.setFont(font, 12);
    cs.newLineAtOffset(72, y);
    cs.showText(s);
    cs.endText();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
