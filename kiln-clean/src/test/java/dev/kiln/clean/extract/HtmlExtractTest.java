package dev.kiln.clean.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.Document;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.testing.SharedData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlExtractTest {
  static final String PAGE = """
      <!DOCTYPE html><html lang="en"><head><title>Widgets &amp; Gadgets — Example Site</title>
      <style>.nav { color: red }</style><script>var tracking = "SECRET_SCRIPT_TEXT";</script></head>
      <body>
      <div id="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Accept all</a></div>
      <header class="site-header"><a href="/">Example Site</a> <a href="/about">About us</a></header>
      <nav class="main-menu"><ul><li><a href="/a">Home</a></li><li><a href="/b">Products</a></li><li><a href="/c">Contact</a></li></ul></nav>
      <div class="layout">
        <div class="sidebar"><h3>Popular posts</h3><ul><li><a href="/p1">Ten tricks nobody tells you</a></li><li><a href="/p2">Why widgets fail</a></li></ul></div>
        <article>
          <h1>How widgets work</h1>
          <p>Widgets are small devices that turn rotation into motion, and they have been used for centuries in mills, clocks and cars.
             This article explains the &lt;basic&gt; principle &amp; shows an example.</p>
          <h2>Parts</h2>
          <ul><li>A gear, usually of steel</li><li>An axle<ul><li>front</li><li>back</li></ul></li></ul>
          <ol><li>first step</li><li>second step</li></ol>
          <table><tr><th>Part</th><th>Weight</th></tr><tr><td>gear</td><td>2&nbsp;kg</td></tr></table>
          <pre><code>def turn(widget):
          if widget.stuck:
              return None   # keep   spacing
          return widget.spin(&quot;fast&quot;)</code></pre>
          <p>中文段落，测试全角标点。内容应当保留。</p>
          <div class="share-buttons"><a href="/tw">Tweet</a> <a href="/fb">Share</a></div>
          <div class="rst-footer-buttons"><a href="/prev">Previous</a> <a href="/next">Next</a></div>
        </article>
      </div>
      <footer><p>© 2024 Example Site. All rights reserved.</p><a href="/terms">Terms</a></footer>
      <script>document.write("MORE_SCRIPT")</script>
      </body></html>
      """;

  static Outcome run(Document d) {
    return new HtmlExtract(new HtmlExtract.Config("html", false, true, true, true)).apply(d);
  }

  @Test
  void keepsStructureAndDropsBoilerplate() {
    Outcome o = run(Document.of("d1", "", Map.of("html", PAGE, "lang", "en")));
    assertTrue(o.kept());
    String t = o.doc().text();
    assertTrue(t.startsWith("How widgets work\n\nWidgets are small devices"), t);
    assertTrue(t.contains("explains the <basic> principle & shows"), t);
    assertTrue(t.contains("\n\nParts\n\n- A gear, usually of steel\n- An axle\n  - front\n  - back\n\n1. first step\n2. second step"), t);
    assertTrue(t.contains("Part | Weight\ngear | 2\u00A0kg") || t.contains("Part | Weight\ngear | 2 kg"), t);
    assertTrue(t.contains("def turn(widget):\n    if widget.stuck:\n        return None   # keep   spacing\n    return widget.spin(\"fast\")"), t);
    assertTrue(t.contains("中文段落，测试全角标点。内容应当保留。"), t);
    for (String gone : List.of("SECRET_SCRIPT_TEXT", "MORE_SCRIPT", "color: red", "cookies", "Accept all", "About us", "Products", "Contact",
        "Popular posts", "Ten tricks", "Tweet", "Previous", "Next", "rights reserved", "Terms")) {
      assertFalse(t.contains(gone), gone + " left in:\n" + t);
    }
    assertEquals("Widgets & Gadgets — Example Site", o.doc().meta("title"));
    assertEquals("en", o.doc().meta("html_lang"));
    assertNull(o.doc().meta("html"));
    assertEquals("en", o.doc().meta("lang"));
  }

  @Test
  void pagesWithoutMarkersUseScoring() {
    String html = "<html><body><div id='top'><a href='/'>Home</a> | <a href='/x'>News</a> | <a href='/y'>Sport</a></div>"
        + "<div id='wrap'><div id='left'><a href='/1'>Link one</a><br><a href='/2'>Link two</a><br><a href='/3'>Link three</a></div>"
        + "<div id='story'><p>" + "The council met on Tuesday, and after a long debate, it approved the plan. ".repeat(4) + "</p><p>"
        + "Residents said the decision, which had been delayed twice, came as a relief. ".repeat(3) + "</p></div></div>"
        + "<div id='bottom'><a href='/c'>Contact</a> <a href='/i'>Imprint</a></div></body></html>";
    String t = HtmlExtractor.extract(html).text();
    assertTrue(t.startsWith("The council met on Tuesday"), t);
    assertTrue(t.contains("came as a relief."), t);
    for (String gone : List.of("Home", "Sport", "Link one", "Contact", "Imprint")) {
      assertFalse(t.contains(gone), gone + " left in:\n" + t);
    }
  }

  @Test
  void documentsWithoutHtmlPassAndEmptyPagesDrop() {
    Document text = Document.of("t", "plain text", Map.of("lang", "en"));
    assertEquals(text, run(text).doc());
    Outcome empty = run(Document.of("e", "", Map.of("html", "<html><body><script>x()</script><nav><a href='/'>Home</a></nav></body></html>")));
    assertEquals("empty", empty.dropReason());
  }

  /**
   * kernel-html against kernel-docs (the same documents as rendered Sphinx HTML and as reST source):
   * on pages rendered from their own source alone, the extraction holds most of the source's words,
   * little else, and far less boilerplate than all visible text; Sphinx chrome is gone everywhere.
   */
  @Test
  void kernelHtmlAgainstItsSource() throws Exception {
    Map<String, String> html = ExtractionEval.load(SharedData.corpus("kernel-html"), "html", 150);
    Map<String, String> source = new HashMap<>();
    ExtractionEval.load(SharedData.corpus("kernel-docs"), "text", 0).forEach((k, v) -> {
      if (html.containsKey(k) && ExtractionEval.selfContained(v)) {
        source.put(k, v);
      }
    });
    assertTrue(source.size() >= 80, "pairs: " + source.size());
    ExtractionEval.Scores kiln = ExtractionEval.evaluate(html, source, h -> HtmlExtractor.extract(h).text(), null);
    ExtractionEval.Scores all = ExtractionEval.evaluate(html, source, h -> HtmlExtractor.extract(h, HtmlExtractor.Options.ALL_TEXT).text(), null);
    assertTrue(kiln.recall() >= 0.8, "recall " + kiln);
    assertTrue(kiln.precision() >= 0.95, "precision " + kiln);
    assertTrue(kiln.boilerplateLines() <= 0.05, "boilerplate " + kiln);
    assertTrue(all.boilerplateLines() >= 5 * kiln.boilerplateLines(), "baseline " + all + " vs " + kiln);
    assertTrue(kiln.f1() > all.f1() + 0.1, kiln + " vs " + all);
    assertEquals(0, kiln.emptyOutputs());
    int checked = 0;
    for (String page : html.values()) {
      if (checked++ == 60) {
        break;
      }
      String t = HtmlExtractor.extract(page).text();
      for (String chrome : List.of("View page source", "Built with Sphinx", "Read the Docs", "SphinxRtdTheme", "jQuery(", "Search docs", "¶")) {
        assertFalse(t.contains(chrome), chrome + " in " + t.substring(0, Math.min(300, t.length())));
      }
      // The footer's "Previous" and "Next" buttons: lines of their own in all visible text, gone here.
      assertFalse(t.matches("(?s).*(^|\\n)\\s*(Previous|Next)\\s*(\\n|$).*"), t.substring(0, Math.min(300, t.length())));
    }
  }
}
