package dev.kiln.report;

import dev.kiln.core.util.Json;
import dev.kiln.pipeline.TimingFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code report.html} of a run, rebuilt from its output directory alone ({@code stats.json},
 * {@code profile.json}, manifests, logs, kiln-pack's files). One self-contained file: the data as
 * JSON, a small hand-written SVG renderer and its CSS, all inline; it opens offline in any browser.
 * The same directory always gives the same bytes (no times, no absolute paths).
 */
public final class Report {
  public static final String FILE = "report.html";

  private Report() {}

  /**
   * The run directory that holds an output's {@code stats.json}: the output itself (a run's output
   * directory), or {@code OUTPUT.kiln/} beside it (one stage applied to a file); null when neither does.
   */
  public static Path runDirectory(Path output) {
    Path dir = Files.isRegularFile(output.resolve("stats.json")) ? output : output.resolveSibling(output.getFileName() + ".kiln");
    return Files.isRegularFile(dir.resolve("stats.json")) ? dir : null;
  }

  /** Writes {@code report.html} into the output directory; returns its path. */
  public static Path write(Path outputDir) throws IOException {
    return write(outputDir, outputDir.resolve(FILE));
  }

  /** Writes the report of the output directory to {@code file}. */
  public static Path write(Path outputDir, Path file) throws IOException {
    String html = html(ReportModel.build(outputDir), TimingFile.read(outputDir.toString()));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** The data the page draws (for tests and tools). */
  public static Map<String, Object> model(Path outputDir) throws IOException {
    return ReportModel.build(outputDir);
  }

  /**
   * The page for a model, with the run's timing (null: none) in a block of its own: the one part of
   * the page that depends on the clock ({@link #TIMING_BLOCK}), so everything else is the same bytes
   * for the same data, a resumed run's too.
   */
  @SuppressWarnings("unchecked")
  public static String html(Map<String, Object> model, TimingFile timing) throws IOException {
    String json = json(model);
    Object recipe = ((Map<String, Object>) model.getOrDefault("summary", Map.of())).get("recipe");
    String page = resource("report.html");
    // Placeholders replaced in an order where no inserted text can contain a later placeholder.
    page = page.replace("/*KILN_RECIPE*/", escape(recipe == null ? "" : recipe.toString().substring(0, Math.min(12, recipe.toString().length()))));
    page = page.replace("/*KILN_CSS*/", resource("report.css"));
    int at = page.indexOf("/*KILN_DATA*/");
    page = page.substring(0, at) + "\u0000DATA\u0000" + page.substring(at + "/*KILN_DATA*/".length());
    page = page.replace("/*KILN_JS*/", resource("report.js"));
    page = page.replace("\u0000DATA\u0000", json);
    return page.replace("/*KILN_TIMING*/", timing == null ? "null" : json(timing));
  }

  /** The element of the page holding the run's timing (the part that differs between runs of the same data). */
  public static final java.util.regex.Pattern TIMING_BLOCK = java.util.regex.Pattern.compile("<script type=\"application/json\" id=\"kiln-timing\">.*?</script>", java.util.regex.Pattern.DOTALL);

  /** '<' escaped inside the JSON, so no "</script>" or "<!--" in data can end the script element. */
  private static String json(Object value) throws IOException {
    return Json.MAPPER.writeValueAsString(value).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String resource(String name) {
    try (InputStream in = Report.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
