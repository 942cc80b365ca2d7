package dev.kiln.clean.classify;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Crude HTML to text for classifier training data (not the extraction stage): the body's text with
 * scripts, styles and forms removed, a line break at block elements, whitespace collapsed outside
 * {@code <pre>}. Navigation and boilerplate stay in; a classifier applied after proper extraction
 * sees somewhat cleaner text than it was trained on.
 */
public final class HtmlText {
  private HtmlText() {}

  private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "tr", "table", "pre", "h1", "h2", "h3",
      "h4", "h5", "h6", "section", "article", "blockquote", "dd", "dt", "dl", "header", "footer", "nav", "hr", "td", "th",
      "title", "main", "aside", "figure", "figcaption");

  public static String text(String html) {
    org.jsoup.nodes.Document doc = Jsoup.parse(html);
    doc.select("script, style, noscript, template, form, svg, iframe").remove();
    StringBuilder sb = new StringBuilder(Math.max(16, html.length() / 4));
    Element root = doc.body() != null ? doc.body() : doc;
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode t) {
          String s = t.getWholeText();
          if (inPre(t)) {
            sb.append(s);
          } else {
            String c = s.replaceAll("\\s+", " ");
            if (!c.isBlank() || (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ' && sb.charAt(sb.length() - 1) != '\n')) {
              sb.append(c);
            }
          }
        } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          newline(sb);
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          newline(sb);
        }
      }
    }, root);
    return sb.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  private static boolean inPre(Node n) {
    for (Node p = n.parentNode(); p != null; p = p.parentNode()) {
      if (p instanceof Element e && e.normalName().equals("pre")) {
        return true;
      }
    }
    return false;
  }

  private static void newline(StringBuilder sb) {
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
  }
}
