package dev.kiln.clean.quality;

import dev.kiln.clean.text.Chars;
import dev.kiln.core.Document;
import dev.kiln.core.stage.Measures;
import dev.kiln.core.stage.Measures.Verdict;
import dev.kiln.core.stage.MeasuringStage;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;

/**
 * Hyperlinks: URLs starting with {@code http://}, {@code https://}, {@code ftp://} or {@code www.}
 * (case-insensitive), running to the next whitespace, CJK character, or one of {@code <>"'`}
 * and CJK brackets/quotes. Measures {@code url_ratio.urls} (count), {@code url_ratio.url_chars}
 * (share of the text's characters inside URLs), {@code url_ratio.urls_per_kchar}. Drop reasons
 * {@code url_ratio.url_chars} and {@code url_ratio.urls_per_kchar} (the latter only from min_urls
 * links, so one link in a short note is fine). A negative threshold turns its rule off.
 */
@StageInfo(name = "url_ratio", description = "Share of characters inside URLs, and URLs per 1000 characters.")
public final class UrlRatio extends MeasuringStage {
  private static final long serialVersionUID = 1L;

  public record Config(
      @Param(value = "largest share of characters inside URLs", defaultValue = "0.2") double maxUrlChars,
      @Param(value = "most URLs per 1000 characters", defaultValue = "5") double maxUrlsPerKchar,
      @Param(value = "urls_per_kchar applies from this many URLs", defaultValue = "5") int minUrls)
      implements java.io.Serializable {}

  private final Config c;

  public UrlRatio(Config config) {
    this.c = config;
  }

  @Override
  protected Verdict judge(Document doc, Measures m) {
    String s = doc.text();
    int n = s.length();
    int urls = 0;
    long urlChars = 0;
    // Candidates come from String.indexOf (vectorized): "://" after a scheme, and "www.".
    int from = 0;
    int nextScheme = s.indexOf("://");
    int nextWww = indexOfWww(s, 0);
    while (nextScheme >= 0 || nextWww >= 0) {
      int start;
      int bodyFrom;
      if (nextScheme >= 0 && (nextWww < 0 || schemeStart(s, nextScheme) <= nextWww)) {
        start = schemeStart(s, nextScheme);
        bodyFrom = nextScheme + 3;
        if (start < 0 || start < from) {
          nextScheme = s.indexOf("://", nextScheme + 3);
          continue;
        }
      } else {
        start = nextWww;
        bodyFrom = nextWww + 4;
        if (start < from) {
          nextWww = indexOfWww(s, nextWww + 4);
          continue;
        }
      }
      int end = bodyFrom;
      while (end < n && !stops(s.charAt(end))) {
        end++;
      }
      // Trailing sentence punctuation is not part of the link.
      while (end > bodyFrom && ".,;:!?)]".indexOf(s.charAt(end - 1)) >= 0) {
        end--;
      }
      urls++;
      urlChars += end - start;
      from = Math.max(end, bodyFrom);
      if (nextScheme >= 0 && nextScheme < from) {
        nextScheme = s.indexOf("://", from);
      }
      if (nextWww >= 0 && nextWww < from) {
        nextWww = indexOfWww(s, from);
      }
    }
    double share = n == 0 ? 0 : (double) urlChars / n;
    double perK = n == 0 ? 0 : urls * 1000.0 / n;
    m.put("urls", urls).put("url_chars", share).put("urls_per_kchar", perK);
    if (c.maxUrlChars() >= 0 && share > c.maxUrlChars()) {
      return m.drop("url_chars", doc);
    }
    if (c.maxUrlsPerKchar() >= 0 && urls >= c.minUrls() && perK > c.maxUrlsPerKchar()) {
      return m.drop("urls_per_kchar", doc);
    }
    return m.keep(doc);
  }

  /** Start of the http/https/ftp scheme ending at "://" found at i, or -1 if another scheme. */
  static int schemeStart(String s, int i) {
    if (i >= 5 && matches(s, i - 5, "https")) {
      return i - 5;
    }
    if (i >= 4 && matches(s, i - 4, "http")) {
      return i - 4;
    }
    if (i >= 3 && matches(s, i - 3, "ftp")) {
      return i - 3;
    }
    return -1;
  }

  /** Next "www." (any case) not inside a word, from i; -1 if none. */
  static int indexOfWww(String s, int i) {
    while (true) {
      int a = s.indexOf("www.", i);
      int b = s.indexOf("WWW.", i);
      int k = a < 0 ? b : (b < 0 ? a : Math.min(a, b));
      if (k < 0) {
        return -1;
      }
      if (k == 0 || !Character.isLetterOrDigit(s.charAt(k - 1))) {
        return k;
      }
      i = k + 4;
    }
  }

  private static boolean matches(String s, int i, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      char a = s.charAt(i + k);
      char b = lower.charAt(k);
      if (a != b && (a | 0x20) != b) {
        return false;
      }
    }
    return true;
  }

  private static boolean stops(char ch) {
    byte k = Chars.classOf(ch);
    return k == Chars.SPACE || k == Chars.CJK || ch == '<' || ch == '>' || ch == '"' || ch == '\'' || ch == '`'
        || (ch >= 0x3000 && ch <= 0x303F) || (ch >= 0xFF00 && ch <= 0xFF0F);
  }
}
