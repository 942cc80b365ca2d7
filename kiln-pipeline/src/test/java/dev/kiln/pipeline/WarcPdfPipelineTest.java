package dev.kiln.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/** A WARC crawl and a PDF through a recipe: read, html_extract, normalize, lang_id, shards. */
class WarcPdfPipelineTest {
  static byte[] http(String contentType, byte[] body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(body);
    return b.toByteArray();
  }

  static String page(String title, String body) {
    return "<html><head><title>" + title + "</title><script>var x = 'SCRIPT';</script></head><body>"
        + "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>" + title + "</h1>" + body + "</article>"
        + "<footer>Copyright footer text</footer></body></html>";
  }

  @Test
  void crawlAndPdfToCleanShards(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Instant date = Instant.parse("2024-05-06T07:08:09Z");
    try (WarcWriter w = new WarcWriter(Files.newByteChannel(in.resolve("crawl.warc.gz"), StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        WarcCompression.GZIP)) {
      w.write(new WarcResponse.Builder("https://example.com/en").date(date).body(MediaType.HTTP_RESPONSE, http("text/html; charset=utf-8",
          page("Cleaning data", "<p>Careful cleaning of web data removes menus, footers and scripts, and keeps the paragraphs that people wrote.</p>")
              .getBytes(StandardCharsets.UTF_8))).build());
      w.write(new WarcResponse.Builder("https://example.cn/zh").date(date).body(MediaType.HTTP_RESPONSE, http("text/html",
          page("数据清洗", "<p>网页数据的清洗会去掉菜单、页脚和脚本，只保留人们写下的段落。这一步对预训练非常重要。</p>")
              .getBytes(Charset.forName("GB18030")))).build());
      w.write(new WarcResponse.Builder("https://example.de/de").date(date).body(MediaType.HTTP_RESPONSE, http("text/html; charset=utf-8",
          page("Datenbereinigung", "<p>Die sorgfältige Bereinigung von Webdaten entfernt Menüs, Fußzeilen und Skripte und behält die Absätze.</p>")
              .getBytes(StandardCharsets.UTF_8))).build());
    }
    try (PDDocument pdf = new PDDocument()) {
      PDPage p = new PDPage();
      pdf.addPage(p);
      try (PDPageContentStream cs = new PDPageContentStream(pdf, p)) {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        String[] lines = {"A report about the cleaning of training data for lan-", "guage models, written as a portable document."};
        for (int i = 0; i < lines.length; i++) {
          cs.beginText();
          cs.setFont(font, 12);
          cs.newLineAtOffset(72, 700 - 15 * i);
          cs.showText(lines[i]);
          cs.endText();
        }
      }
      pdf.save(in.resolve("report.pdf").toFile());
    }
    String yaml = """
        inputs:
          - path: in
            source: test
        stages:
          - html_extract
          - normalize
          - lang_id: {allowed: [en, zh], min_score: 0.5}
        output: out
        """;
    RunStats stats = PipelineRunTest.run(yaml, dir, 2);
    assertEquals(4, stats.stage("read").keptCount());
    assertEquals(1L, stats.stage("lang_id").droppedByReason().get("lang_not_allowed"));
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      for (Path shard : s.filter(f -> f.toString().endsWith(".jsonl.zst")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(shard)), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            docs.add(Json.MAPPER.readValue(line, Json.MAP));
          }
        }
      }
    }
    Map<String, Map<String, Object>> byLang = new LinkedHashMap<>();
    for (Map<String, Object> d : docs) {
      byLang.put(d.get("lang") + (d.containsKey("url") ? "" : "-pdf"), d);
      assertFalse(d.containsKey("html"));
      assertFalse(d.get("text").toString().contains("SCRIPT") || d.get("text").toString().contains("Home")
          || d.get("text").toString().contains("Copyright footer"), d.toString());
    }
    assertEquals(List.of("en", "zh", "en-pdf"), new ArrayList<>(byLang.keySet()));
    Map<String, Object> en = byLang.get("en");
    assertEquals("Cleaning data\n\nCareful cleaning of web data removes menus, footers and scripts, and keeps the paragraphs that people wrote.",
        en.get("text"));
    assertEquals("https://example.com/en", en.get("url"));
    assertEquals("2024-05-06T07:08:09Z", en.get("date"));
    assertEquals("Cleaning data", en.get("title"));
    assertEquals("test", en.get("source"));
    assertTrue(byLang.get("zh").get("text").toString().contains("这一步对预训练非常重要。"), byLang.get("zh").toString());
    assertEquals("GB18030", byLang.get("zh").get("charset"));
    Map<String, Object> pdf = byLang.get("en-pdf");
    assertEquals("A report about the cleaning of training data for language\nmodels, written as a portable document.", pdf.get("text"));
    assertEquals(1, ((Number) pdf.get("pages")).intValue());
  }
}
