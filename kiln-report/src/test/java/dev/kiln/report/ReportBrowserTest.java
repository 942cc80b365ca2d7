package dev.kiln.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser: headless Chromium opens report.html from file://, the test checks
 * that every chart the data calls for was drawn (an SVG with marks from the data, no error), drives
 * the sample viewer with mouse clicks and typing, checks the packed sequences, and writes
 * screenshots under target/ (target/report.png is the README's).
 */
class ReportBrowserTest {
  static final String READY = "document.body && document.body.dataset.ready === '1'";

  /** Charts the page must draw for a model: funnel (+tokens), composition keys, histograms, dedup, mix, pack. */
  @SuppressWarnings("unchecked")
  static int expectedCharts(Map<String, Object> model) {
    Map<String, Object> funnel = (Map<String, Object>) model.get("funnel");
    int n = 1 + (((List<Object>) funnel.get("tokens")).isEmpty() ? 0 : 1);
    n += ((List<Object>) model.get("composition")).size();
    for (Map<String, Object> st : (List<Map<String, Object>>) model.get("stages")) {
      n += (int) ((List<Map<String, Object>>) st.get("charts")).stream().filter(c -> !Boolean.TRUE.equals(c.get("repeated"))).count();
    }
    n += ((List<Object>) model.get("dedup")).size() + ((List<Object>) model.get("mix")).size() + ((List<Object>) model.get("pack")).size();
    return n;
  }

  /** The charts of a report file: those of its data, and the timing chart when the run wrote timing.json. */
  static int expectedCharts(Map<String, Object> model, Path outputDir) {
    return expectedCharts(model) + (java.nio.file.Files.exists(outputDir.resolve(dev.kiln.pipeline.TimingFile.NAME)) ? 1 : 0);
  }

  /** Every chart figure: its id, render state, declared marks and SVG shapes actually in the DOM. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> charts(Chromium c) throws Exception {
    return (List<Map<String, Object>>) c.eval("[...document.querySelectorAll('figure.chart')].map(f => ({id: f.dataset.chart,"
        + " rendered: f.dataset.rendered, marks: +f.dataset.marks, shapes: f.querySelectorAll('svg rect[data-value], svg rect title, svg line.threshold').length,"
        + " svgs: f.querySelectorAll('svg').length}))");
  }

  static void assertAllRendered(Chromium c, Map<String, Object> model, Path outputDir) throws Exception {
    List<Map<String, Object>> charts = charts(c);
    assertEquals(expectedCharts(model, outputDir), charts.size(), "charts on the page: " + charts);
    for (Map<String, Object> ch : charts) {
      assertEquals("1", ch.get("rendered"), "chart not drawn: " + ch);
      assertTrue(((Number) ch.get("marks")).intValue() > 0 && ((Number) ch.get("shapes")).intValue() > 0
          && ((Number) ch.get("svgs")).intValue() == 1, "chart without marks: " + ch);
    }
    assertEquals("0", c.eval("document.body.dataset.chartErrors"));
    assertEquals(String.valueOf(charts.size()), c.eval("document.body.dataset.charts"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void demoRunReportRendersAndTheViewerWorks() throws Exception {
    Path out = DemoRun.output();
    Path file = Report.write(out);
    Map<String, Object> model = Report.model(out);
    List<Map<String, Object>> samples = (List<Map<String, Object>>) model.get("samples");
    try (Chromium c = Chromium.start(1280, 1000)) {
      c.open(file.toUri().toString(), READY);
      assertAllRendered(c, model, out);
      c.screenshot(Path.of("target", "report.png"), 0, 0, 1280, 1500, 0.75);

      // The viewer lists every sampled document, then filters with clicks, a select and typing.
      assertEquals(samples.size(), ((Number) c.eval("document.querySelectorAll('.viewer .sample').length")).intValue());
      c.click(".viewer [data-outcome=dropped]");
      long dropped = samples.stream().filter(s -> s.get("outcome").equals("dropped")).count();
      assertEquals(dropped, ((Number) c.eval("document.querySelectorAll('.viewer .sample').length")).longValue());
      assertEquals(0L, ((Number) c.eval("document.querySelectorAll('.viewer .sample:not([data-outcome=dropped])').length")).longValue());
      c.eval("(() => { const s = document.querySelector('.viewer [data-control=stage]'); s.value = 'exact_dedup'; s.dispatchEvent(new Event('change')); })()");
      long dups = samples.stream().filter(s -> s.get("stage").equals("exact_dedup") && s.get("outcome").equals("dropped")).count();
      assertTrue(dups > 0);
      assertEquals(dups, ((Number) c.eval("document.querySelectorAll('.viewer .sample[data-stage=exact_dedup][data-reason=duplicate]').length")).longValue());
      assertEquals(dups, ((Number) c.eval("document.querySelectorAll('.viewer .sample').length")).longValue());
      // A click opens a document: its kept twin shows.
      assertEquals(Boolean.FALSE, c.eval("document.querySelector('.viewer .sample').classList.contains('open')"));
      c.click(".viewer .sample .text");
      assertEquals(Boolean.TRUE, c.eval("document.querySelector('.viewer .sample').classList.contains('open')"));
      assertTrue(c.eval("getComputedStyle(document.querySelector('.viewer .sample .more')).display").equals("block"));
      assertTrue(((String) c.eval("document.querySelector('.viewer .sample .more').textContent")).startsWith("detail: "));
      c.screenshot(Path.of("target", "report-viewer.png"), 0,
          ((Number) c.eval("document.querySelector('#samples').getBoundingClientRect().top + window.scrollY")).doubleValue(), 1280, 900, 0.75);
      // Back to all stages and outcomes, then search by typing.
      c.eval("(() => { const s = document.querySelector('.viewer [data-control=stage]'); s.value = ''; s.dispatchEvent(new Event('change')); })()");
      c.click(".viewer [data-outcome='']");
      String id = (String) samples.get(samples.size() / 2).get("id");
      c.click(".viewer [data-control=search]");
      c.type(id);
      long matching = samples.stream().filter(s -> String.valueOf(s.get("id")).toLowerCase().contains(id.toLowerCase())
          || String.valueOf(s.get("text")).toLowerCase().contains(id.toLowerCase())).count();
      assertEquals(matching, ((Number) c.eval("document.querySelectorAll('.viewer .sample').length")).longValue());
      assertTrue(((String) c.eval("document.querySelector('.viewer .count').textContent")).startsWith(matching + " of "));

      // Packed sequences: each with its lineage pieces, decoded text.
      List<Map<String, Object>> packs = (List<Map<String, Object>>) model.get("pack");
      int seqs = packs.stream().mapToInt(p -> ((List<Object>) p.get("sequences")).size()).sum();
      assertTrue(seqs > 0);
      assertEquals(seqs, ((Number) c.eval("document.querySelectorAll('#sequences .seq').length")).intValue());
      assertTrue(((Number) c.eval("document.querySelectorAll('#sequences .seq .seg .body').length")).intValue() >= seqs);
      assertTrue(((Number) c.eval("document.querySelectorAll('#sequences .seq .bar span').length")).intValue() >= seqs);

      // The composition switch and the histograms' log scale redraw their charts.
      c.click("#composition [data-metric=tokens]");
      assertEquals("tokens by source", c.eval("document.querySelector('[data-chart=composition-source] figcaption').firstChild.textContent"));
      c.click("#stages [data-ylog=true]");
      assertAllRendered(c, model, out);
      assertEquals("on", c.eval("document.querySelector('#stages [data-ylog=true]').className"));

      // A link (URL hash) selects a view of the viewer, on the open page and when a page opens with it.
      c.eval("location.hash = '#samples?stage=minhash_dedup&outcome=dropped'");
      long nearDups = samples.stream().filter(s -> s.get("stage").equals("minhash_dedup") && s.get("outcome").equals("dropped")).count();
      assertEquals(nearDups, ((Number) c.eval("document.querySelectorAll('.viewer .sample[data-stage=minhash_dedup][data-outcome=dropped]').length")).longValue());
      assertEquals(nearDups, ((Number) c.eval("document.querySelectorAll('.viewer .sample').length")).longValue());
      c.open("about:blank", "true");
      c.open(file.toUri() + "#samples?outcome=kept&stage=read", READY);
      assertEquals(0L, ((Number) c.eval("document.querySelectorAll('.viewer .sample:not([data-stage=read])').length")).longValue());
      assertTrue(((Number) c.eval("document.querySelectorAll('.viewer .sample').length")).intValue() > 0);
    }
    assertTrue(Files.size(Path.of("target", "report.png")) > 10_000);
  }

  /** The report of the real demo (scripts/demo.sh into out/demo), when it was run here: rebuilt into target/, pictured in docs/report.png. */
  @Test
  void theDemoOutputRenders() throws Exception {
    Path demo = Path.of("..", "out", "demo").toAbsolutePath().normalize();
    assumeTrue(Files.exists(demo.resolve("stats.json")), "SKIPPED: no demo output at " + demo + " (run scripts/demo.sh first)");
    Path file = Report.write(demo, Path.of("target", "demo-report.html").toAbsolutePath());
    Map<String, Object> model = Report.model(demo);
    try (Chromium c = Chromium.start(1280, 1000)) {
      c.open(file.toUri().toString(), READY);
      assertAllRendered(c, model, demo);
      c.screenshot(Path.of("target", "demo-report.png"), 0, 0, 1280, 1500, 0.75);
    }
    // The README's picture of the report is this one: the current demo's.
    Files.copy(Path.of("target", "demo-report.png"), Path.of("..", "docs", "report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
