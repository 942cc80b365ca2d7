package dev.kiln.clean.extract;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * HTML to main text, in four steps.
 *
 * <ol>
 *   <li>Parse with jsoup (entities decoded, broken markup repaired as browsers do).
 *   <li>Prune what is never content: scripts, styles, forms, frames, media; navigation, menus,
 *       headers, footers, sidebars, breadcrumbs, share bars, cookie and consent banners, by tag
 *       ({@code nav aside footer header}), ARIA role, {@code hidden}/{@code aria-hidden}/inline
 *       {@code display:none}, and by words in class and id names (whole words: {@code nav},
 *       {@code menu}, {@code sidebar}, {@code cookie}, {@code breadcrumbs} ...). An element holding
 *       most of the page's text is never pruned, whatever its name says.
 *   <li>Choose the main content: the page's own marker when it has one that holds a fair share of
 *       the text ({@code itemprop=articleBody}, a single {@code article}, {@code main},
 *       {@code role=main}); otherwise a readability-style score: paragraph-like blocks of 25+
 *       characters score by length and commas (Latin and CJK), passing the score to their parent
 *       (full), grandparent (half) and great-grandparent (third); containers gain or lose by tag
 *       and class words and are scaled by (1 - link density); the best container wins, with those
 *       of its siblings that score close to it or read as prose.
 *   <li>Render: headings and paragraphs as blocks separated by a blank line, list items as
 *       "- " or "1. " lines (nested lists indented), table rows as cells joined by " | ", code
 *       blocks ({@code pre}) verbatim; inline whitespace collapsed. Blocks in the main content that
 *       are mostly link text and short (link lists, "Previous | Next" bars, tag clouds) are dropped,
 *       and so are short blocks that speak of cookies and consent.
 * </ol>
 * Thread-safe: everything is local to a call.
 */
public final class HtmlExtractor {
  private HtmlExtractor() {}

  /** The extracted text, the page title ("" when none) and the page's declared language (or null). */
  public record Result(String text, String title, String lang) {}

  /**
   * @param prune remove navigation, menus, footers, banners ... (false: only scripts, styles, media, forms' controls)
   * @param mainContent choose the main content (false: all text left after pruning)
   * @param tables render tables as " | " rows (false: drop tables)
   * @param dropLinkBlocks drop short link-dense blocks inside the main content
   */
  public record Options(boolean prune, boolean mainContent, boolean tables, boolean dropLinkBlocks) implements java.io.Serializable {
    public static final Options DEFAULT = new Options(true, true, true, true);
    /** Every visible text, as a browser's select-all would copy it: the baseline extraction is measured against. */
    public static final Options ALL_TEXT = new Options(false, false, true, false);
  }

  private static final Set<String> NEVER_CONTENT = Set.of("script", "style", "noscript", "template", "svg", "canvas", "iframe", "frame",
      "frameset", "object", "embed", "applet", "map", "audio", "video", "source", "track", "picture", "img", "input", "select", "textarea",
      "button", "option", "datalist", "dialog", "link", "meta", "head");
  private static final Set<String> PRUNED_TAGS = Set.of("nav", "aside", "footer", "header", "form", "menu");
  private static final Set<String> PRUNED_ROLES = Set.of("navigation", "banner", "contentinfo", "search", "complementary", "menu",
      "menubar", "toolbar", "dialog", "alertdialog", "tablist", "status", "alert", "note");
  /** Whole words in class and id names that mark boilerplate. */
  private static final Set<String> NEGATIVE = Set.of(
      "nav", "navbar", "navigation", "navlinks", "menu", "menubar", "submenu", "megamenu", "dropdown", "footer", "sidebar",
      "sidenav", "sidebox", "breadcrumb", "breadcrumbs", "crumbs", "cookie", "cookies", "consent", "gdpr", "cmp", "banner",
      "masthead", "share", "sharing", "sharebar", "social", "socials", "related", "recommended", "recommendations", "advert",
      "advertisement", "advertising", "ad", "ads", "adsense", "sponsor", "sponsored", "promo", "popup", "modal", "overlay",
      "newsletter", "subscribe", "subscription", "signup", "login", "pagination", "pager", "paging", "comment", "comments",
      "disqus", "toolbar", "skip", "skiplink", "widget", "widgets", "rss", "print", "headerlink", "permalink", "backtotop",
      "totop", "copyright", "tags", "tagcloud", "byline", "author", "meta", "postmeta", "share-buttons", "visually-hidden",
      "sr-only", "screen-reader-text", "outbrain", "taboola", "skip-link");
  /** Whole words that mark content (these containers score up). */
  private static final Set<String> POSITIVE = Set.of(
      "article", "articlebody", "body", "content", "entry", "main", "post", "text", "story", "prose", "document", "markdown",
      "page", "blog", "section", "chapter", "rst-content");
  private static final Pattern NAME_SPLIT = Pattern.compile("\\s+");
  private static final Pattern WORD_SPLIT = Pattern.compile("[^a-z0-9]+");
  private static final Pattern COOKIE = Pattern.compile("cookie|consent|gdpr|隐私政策|使用条款", Pattern.CASE_INSENSITIVE);
  private static final Pattern HIDDEN_STYLE = Pattern.compile("display\\s*:\\s*none|visibility\\s*:\\s*hidden", Pattern.CASE_INSENSITIVE);

  public static Result extract(String html) {
    return extract(html, Options.DEFAULT);
  }

  public static Result extract(String html, Options options) {
    Document d = Jsoup.parse(html);
    String title = title(d);
    Element htmlTag = d.selectFirst("html");
    String lang = htmlTag == null || htmlTag.attr("lang").isBlank() ? null : htmlTag.attr("lang").strip();
    List<Element> never = new ArrayList<>();
    for (Element e : d.getAllElements()) {
      if (NEVER_CONTENT.contains(e.normalName())) {
        never.add(e);
      }
    }
    never.forEach(Element::remove);
    Element body = d.body();
    if (options.prune()) {
      prune(body);
    }
    Measure measure = new Measure(body);
    Element main = options.mainContent() ? mainContent(body, measure) : body;
    if (options.dropLinkBlocks()) {
      dropLinkBlocks(main, measure);
    }
    if (!options.tables()) {
      main.select("table").remove();
    }
    Renderer r = new Renderer(options.tables());
    r.walk(main);
    return new Result(r.text(), title, lang);
  }

  private static String title(Document d) {
    String t = d.title();
    if (t.isBlank()) {
      Element og = d.selectFirst("meta[property=og:title]");
      t = og != null ? og.attr("content") : "";
    }
    if (t.isBlank()) {
      Element h1 = d.selectFirst("h1");
      t = h1 != null ? h1.text() : "";
    }
    return t.replaceAll("[\\s\u00A0]+", " ").strip();
  }

  // ---------------------------------------------------------------- measuring

  /** Text and link-text lengths of every element under a root, in one pass (whitespace runs count as one). */
  static final class Measure {
    private final IdentityHashMap<Element, int[]> m = new IdentityHashMap<>();

    Measure(Element root) {
      org.jsoup.select.NodeTraversor.traverse(new org.jsoup.select.NodeVisitor() {
        @Override
        public void head(Node node, int depth) {}

        @Override
        public void tail(Node node, int depth) {
          int[] own;
          if (node instanceof TextNode t) {
            own = new int[] {visibleLength(t.getWholeText()), 0};
          } else if (node instanceof Element e) {
            own = m.computeIfAbsent(e, k -> new int[2]);
            if (e.normalName().equals("a") && e.hasAttr("href")) {
              own[1] = own[0];
            }
          } else {
            return;
          }
          if (node != root && node.parent() instanceof Element p) {
            int[] ps = m.computeIfAbsent(p, k -> new int[2]);
            ps[0] += own[0];
            ps[1] += own[1];
          }
        }
      }, root);
    }

    int text(Element e) {
      int[] v = m.get(e);
      return v == null ? 0 : v[0];
    }

    double linkDensity(Element e) {
      int[] v = m.get(e);
      return v == null || v[0] == 0 ? 0 : Math.min(1.0, (double) v[1] / v[0]);
    }

    private static int visibleLength(String s) {
      int n = 0;
      boolean space = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == '\u00A0') {
          space = true;
        } else {
          n += space && n > 0 ? 2 : 1;
          space = false;
        }
      }
      return n;
    }
  }

  // ---------------------------------------------------------------- pruning

  static void prune(Element body) {
    Measure measure = new Measure(body);
    int total = Math.max(1, measure.text(body));
    // Never prune the page's own content marker or what holds it.
    Set<Element> keep = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Element m : body.select(String.join(", ", MARKERS))) {
      for (Element p = m; p != null; p = p.parent()) {
        keep.add(p);
      }
    }
    List<Element> doomed = new ArrayList<>();
    for (Element e : body.getAllElements()) {
      if (e == body || keep.contains(e) || !isBoilerplate(e, measure)) {
        continue;
      }
      doomed.add(e);
    }
    for (Element e : doomed) {
      // Already gone with an ancestor, or holding most of the page (a wrapper with an unlucky name).
      if (e.parent() == null || !attached(e, body)) {
        continue;
      }
      if (measure.text(e) > total / 2 && !isExplicit(e)) {
        continue;
      }
      e.remove();
    }
  }

  private static boolean attached(Element e, Element root) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p == root) {
        return true;
      }
    }
    return false;
  }

  /** Boilerplate by an unambiguous tag or role, pruned even when it holds most of the page's text. */
  private static boolean isExplicit(Element e) {
    String tag = e.normalName();
    return tag.equals("nav") || tag.equals("aside") || tag.equals("footer") || tag.equals("menu")
        || PRUNED_ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT));
  }

  static boolean isBoilerplate(Element e, Measure measure) {
    String tag = e.normalName();
    if (PRUNED_TAGS.contains(tag)) {
      // An article's own header holds its title and byline, not site chrome.
      return !(tag.equals("header") && e.closest("article, main, [role=main]") != null);
    }
    if (e.hasAttr("hidden") || "true".equalsIgnoreCase(e.attr("aria-hidden"))) {
      return true;
    }
    String role = e.attr("role").toLowerCase(Locale.ROOT);
    if (!role.isEmpty() && PRUNED_ROLES.contains(role)) {
      return true;
    }
    String style = e.attr("style");
    if (!style.isEmpty() && HIDDEN_STYLE.matcher(style).find()) {
      return true;
    }
    // "nav-content-wrap": a content wrapper with a menu in its name reads as prose, a menu as links.
    return hasWord(e, NEGATIVE) && !(hasWord(e, POSITIVE) && measure.linkDensity(e) < 0.5);
  }

  private static boolean hasWord(Element e, Set<String> words) {
    String names = (e.className() + " " + e.id()).toLowerCase(Locale.ROOT);
    if (names.isBlank()) {
      return false;
    }
    for (String name : NAME_SPLIT.split(names.strip())) {
      if (words.contains(name)) {
        return true;
      }
      for (String w : WORD_SPLIT.split(name)) {
        if (!w.isEmpty() && words.contains(w)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- main content

  private static final String[] MARKERS = {"[itemprop=articleBody]", "article", "main", "[role=main]"};

  static Element mainContent(Element body, Measure measure) {
    int total = Math.max(1, measure.text(body));
    for (String marker : MARKERS) {
      List<Element> found = body.select(marker);
      if (found.size() == 1 && measure.text(found.get(0)) >= total / 4) {
        return found.get(0);
      }
    }
    return scored(body, total, measure);
  }

  private static final Set<String> PARAGRAPHS = Set.of("p", "pre", "td", "blockquote", "dd", "li", "div", "section", "span", "font");

  private static Element scored(Element body, int total, Measure measure) {
    Map<Element, double[]> scores = new IdentityHashMap<>();
    for (Element e : body.getAllElements()) {
      String tag = e.normalName();
      if (!PARAGRAPHS.contains(tag)) {
        continue;
      }
      // Containers count through their paragraphs; a div counts only for its own text.
      String t = tag.equals("div") || tag.equals("section") || tag.equals("span") || tag.equals("font") || tag.equals("li") || tag.equals("td")
          ? e.ownText() : e.text();
      if (t.length() < 25) {
        continue;
      }
      double s = 1 + commas(t) + Math.min(3, t.length() / 100);
      Element p = e.parent();
      for (int level = 0; level < 3 && p != null; level++, p = p.parent()) {
        scores.computeIfAbsent(p, HtmlExtractor::initial)[0] += s / (level + 1);
      }
    }
    Element top = null;
    double best = 0;
    for (Map.Entry<Element, double[]> en : scores.entrySet()) {
      double s = en.getValue()[0] * (1 - measure.linkDensity(en.getKey()));
      en.getValue()[0] = s;
      if (s > best) {
        best = s;
        top = en.getKey();
      }
    }
    if (top == null) {
      return body;
    }
    // A candidate holding too little of the page is probably one of several parts: climb while the
    // parent adds prose rather than links.
    while (top.parent() != null && top != body && measure.text(top) < total / 3) {
      Element parent = top.parent();
      double[] ps = scores.get(parent);
      if (ps == null || ps[0] < best / 3) {
        break;
      }
      top = parent;
    }
    Element parent = top.parent();
    if (parent == null || top == body) {
      return top;
    }
    double threshold = Math.max(10, best * 0.2);
    List<Element> drop = new ArrayList<>();
    for (Element sibling : parent.children()) {
      if (sibling == top) {
        continue;
      }
      double[] ss = scores.get(sibling);
      boolean keep = ss != null && ss[0] >= threshold;
      if (!keep && sibling.normalName().equals("p")) {
        String t = sibling.text();
        double ld = measure.linkDensity(sibling);
        keep = (t.length() > 80 && ld < 0.25) || (t.length() > 0 && t.length() <= 80 && ld == 0 && t.matches("(?s).*[.!?。！？]\\s*$"));
      }
      if (!keep && isHeading(sibling)) {
        keep = true;
      }
      if (!keep) {
        drop.add(sibling);
      }
    }
    drop.forEach(Element::remove);
    return parent;
  }

  private static boolean isHeading(Element e) {
    return e.normalName().length() == 2 && e.normalName().charAt(0) == 'h' && Character.isDigit(e.normalName().charAt(1));
  }

  private static double[] initial(Element e) {
    double s = switch (e.normalName()) {
      case "div", "article", "main", "section" -> 5;
      case "pre", "td", "blockquote" -> 3;
      case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
      case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
      default -> 0;
    };
    if (hasWord(e, POSITIVE)) {
      s += 25;
    }
    if (hasWord(e, NEGATIVE)) {
      s -= 25;
    }
    return new double[] {s};
  }

  private static int commas(String t) {
    int n = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ',' || c == '，' || c == '、' || c == '。' || c == '；') {
        n++;
      }
    }
    return n;
  }

  private static final String LINK_BLOCKS = "ul, ol, dl, p, div, table, section";

  /** Removes short blocks made mostly of links (link lists, pagers, tag clouds) and cookie notices. */
  static void dropLinkBlocks(Element main, Measure measure) {
    boolean cookies = COOKIE.matcher(main.text()).find();
    for (Element e : main.select(LINK_BLOCKS)) {
      if (e == main || !attached(e, main)) {
        continue;
      }
      int len = measure.text(e);
      if (len == 0) {
        continue;
      }
      boolean linkList = measure.linkDensity(e) > 0.6 && (len < 300 || isList(e) && averageItem(e, len) < 60);
      boolean cookie = cookies && len < 400 && COOKIE.matcher(e.text()).find();
      if ((linkList || cookie) && !e.select("pre, h1, h2, h3, h4, h5, h6").iterator().hasNext()) {
        e.remove();
      }
    }
  }

  private static boolean isList(Element e) {
    String t = e.normalName();
    return t.equals("ul") || t.equals("ol") || t.equals("dl");
  }

  private static double averageItem(Element list, int len) {
    List<Element> items = list.select("li, dt, dd");
    return items.isEmpty() ? len : (double) len / items.size();
  }

  // ---------------------------------------------------------------- rendering

  private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "blockquote", "dl", "dt", "dd", "figure",
      "figcaption", "address", "center", "details", "summary", "hr", "header", "caption", "fieldset", "legend", "body", "tbody", "thead",
      "tfoot", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre");

  /** Builds the text: blocks separated by blank lines, lines by newlines, inline whitespace collapsed. */
  static final class Renderer {
    private final boolean tables;
    private final StringBuilder out = new StringBuilder();
    private int pendingBreak;
    private boolean pendingSpace;
    private String pendingPrefix = "";
    private int listDepth;

    Renderer(boolean tables) {
      this.tables = tables;
    }

    String text() {
      return out.toString();
    }

    void walk(Node node) {
      if (node instanceof TextNode t) {
        inline(t.getWholeText());
        return;
      }
      if (!(node instanceof Element e)) {
        return;
      }
      String tag = e.normalName();
      switch (tag) {
        case "br" -> breakAtLeast(1);
        case "pre" -> pre(e);
        case "ul", "ol" -> list(e, tag.equals("ol"));
        case "li" -> {
          breakAtLeast(1);
          children(e);
          breakAtLeast(1);
        }
        case "table" -> {
          if (tables && !isLayoutTable(e)) {
            table(e);
          } else {
            block(e);
          }
        }
        default -> {
          if (BLOCKS.contains(tag)) {
            block(e);
          } else {
            children(e);
          }
        }
      }
    }

    private void children(Element e) {
      for (Node c : e.childNodes()) {
        walk(c);
      }
    }

    private void block(Element e) {
      breakAtLeast(listDepth > 0 ? 1 : 2);
      children(e);
      breakAtLeast(listDepth > 0 ? 1 : 2);
    }

    private void list(Element e, boolean ordered) {
      breakAtLeast(listDepth > 0 ? 1 : 2);
      listDepth++;
      int n = 0;
      for (Node c : e.childNodes()) {
        if (c instanceof Element li && li.normalName().equals("li")) {
          n++;
          breakAtLeast(1);
          pendingPrefix = "  ".repeat(listDepth - 1) + (ordered ? n + ". " : "- ");
          children(li);
          breakAtLeast(1);
        } else {
          walk(c);
        }
      }
      listDepth--;
      pendingPrefix = "";
      breakAtLeast(listDepth > 0 ? 1 : 2);
    }

    private void table(Element table) {
      breakAtLeast(2);
      for (Element row : table.select("tr")) {
        if (row.closest("table") != table) {
          continue;
        }
        List<String> cells = new ArrayList<>();
        for (Element cell : row.children()) {
          if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
            Renderer r = new Renderer(tables);
            r.children(cell);
            String t = r.text().replaceAll("\\s*\n\\s*", " ").strip();
            if (!t.isEmpty()) {
              cells.add(t);
            }
          }
        }
        if (!cells.isEmpty()) {
          breakAtLeast(1);
          emit(String.join(" | ", cells));
          breakAtLeast(1);
        }
      }
      Element caption = table.selectFirst("caption");
      if (caption != null && caption.closest("table") == table) {
        breakAtLeast(1);
        inline(caption.text());
      }
      breakAtLeast(2);
    }

    /** A table used for page layout rather than data: cells holding whole blocks of prose or other tables. */
    private static boolean isLayoutTable(Element table) {
      if (table.select("table table").iterator().hasNext()) {
        return true;
      }
      for (Element cell : table.select("td")) {
        if (cell.text().length() > 400 && cell.select("p, div, pre, ul, ol").iterator().hasNext()) {
          return true;
        }
      }
      return false;
    }

    private void pre(Element e) {
      String code = preText(e);
      // Drop leading and trailing blank lines, keep everything else (indentation included).
      code = code.replaceAll("^(?:[ \t]*\n)+", "").stripTrailing();
      if (code.isEmpty()) {
        return;
      }
      breakAtLeast(listDepth > 0 ? 1 : 2);
      flushBreak();
      out.append(pendingPrefix);
      pendingPrefix = "";
      out.append(code);
      pendingSpace = false;
      breakAtLeast(listDepth > 0 ? 1 : 2);
    }

    private static String preText(Element e) {
      StringBuilder sb = new StringBuilder();
      collect(e, sb);
      return sb.toString().replace("\r\n", "\n").replace('\u00A0', ' ');
    }

    private static void collect(Node n, StringBuilder sb) {
      if (n instanceof TextNode t) {
        sb.append(t.getWholeText());
      } else if (n instanceof Element e) {
        if (e.normalName().equals("br")) {
          sb.append('\n');
        }
        for (Node c : e.childNodes()) {
          collect(c, sb);
        }
        if (e.normalName().equals("div") || e.normalName().equals("p")) {
          // Some highlighters wrap each code line in a block element.
          if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
          }
        }
      }
    }

    private void breakAtLeast(int n) {
      if (out.length() > 0) {
        pendingBreak = Math.max(pendingBreak, n);
      }
    }

    private void flushBreak() {
      if (pendingBreak > 0 && out.length() > 0) {
        out.append(pendingBreak >= 2 ? "\n\n" : "\n");
      }
      pendingBreak = 0;
      pendingSpace = false;
    }

    private void inline(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == '\u00A0' || c == '\u200B') {
          pendingSpace = true;
          continue;
        }
        if (pendingBreak > 0) {
          flushBreak();
          out.append(pendingPrefix);
          pendingPrefix = "";
        } else if (!pendingPrefix.isEmpty()) {
          if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
          }
          out.append(pendingPrefix);
          pendingPrefix = "";
        } else if (pendingSpace && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
          out.append(' ');
        }
        pendingSpace = false;
        out.append(c);
      }
    }

    private void emit(String s) {
      inline(s);
    }
  }
}
