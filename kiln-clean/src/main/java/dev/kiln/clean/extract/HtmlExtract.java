package dev.kiln.clean.extract;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code html_extract}: the main text of a page held in metadata ({@code html}, as the JSONL and WARC
 * readers leave it) becomes the document's text; see {@link HtmlExtractor} for what is kept. The
 * HTML leaves the metadata (unless {@code keep_html}); {@code title} is recorded, and the page's
 * declared language as {@code html_lang}. A document without the field passes unchanged (text input
 * mixed with HTML input); one whose extraction is empty is dropped as {@code empty} (nothing
 * measured: the dropped document is the input).
 */
@StageInfo(name = "html_extract", description = "HTML in metadata to main text: drops navigation, menus, footers, scripts and banners; "
    + "keeps headings, paragraphs, lists, tables and code; records title.")
public final class HtmlExtract implements DocumentStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "metadata field holding the HTML", defaultValue = "html") String field,
      @Param(value = "keep the HTML in metadata after extraction", defaultValue = "false") boolean keepHtml,
      @Param(value = "choose the main content (false: all text left after removing boilerplate elements)", defaultValue = "true") boolean mainContent,
      @Param(value = "render tables as rows of cells joined by ' | ' (false: drop tables)", defaultValue = "true") boolean tables,
      @Param(value = "drop short link-dense blocks (link lists, pagers) inside the main content", defaultValue = "true") boolean dropLinkBlocks)
      implements java.io.Serializable {}

  private final Config config;
  private final HtmlExtractor.Options options;

  public HtmlExtract(Config config) {
    checkArgument(config.field() != null && !config.field().isBlank(), "field must name a metadata field");
    this.config = config;
    this.options = new HtmlExtractor.Options(true, config.mainContent(), config.tables(), config.dropLinkBlocks());
  }

  @Override
  public Outcome apply(Document doc) {
    Object html = doc.meta(config.field());
    if (html == null) {
      return Outcome.keep(doc);
    }
    HtmlExtractor.Result r = HtmlExtractor.extract(html.toString(), options);
    if (r.text().isBlank()) {
      return Outcome.drop("empty", doc);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    if (!r.title().isEmpty()) {
      meta.put("title", r.title());
    }
    if (r.lang() != null) {
      meta.put("html_lang", r.lang());
    }
    Document out = doc.withText(r.text()).withMeta(meta);
    if (!config.keepHtml()) {
      out = out.withMeta(config.field(), null);
    }
    return Outcome.keep(out).with("html_chars", html.toString().length());
  }
}
