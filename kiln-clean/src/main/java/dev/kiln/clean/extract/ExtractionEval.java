package dev.kiln.clean.extract;

import dev.kiln.core.util.Json;
import dev.kiln.io.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Measures HTML extraction against the source the HTML was rendered from (kernel-html against
 * kernel-docs: Sphinx pages and their reStructuredText), pairing documents by {@code path} without
 * extensions ({@code PCI/pci.html} and {@code PCI/pci.rst.gz} are {@code PCI/pci}).
 *
 * <ul>
 *   <li><b>similarity</b>: token-level F1 between the extracted text and the source, tokens being
 *       lower-cased runs of letters and digits, and single CJK characters; multiset overlap, so
 *       precision is the share of extracted tokens found in the source and recall the share of
 *       source tokens found in the extraction. Reported as the mean over pairs (and precision and
 *       recall means).
 *   <li><b>boilerplate left</b>: share of extracted non-blank lines of which fewer than half the
 *       token bigrams (the token, for one-token lines) occur anywhere in the source. Reported by
 *       lines and by characters.
 * </ul>
 * The source is markup too (reST directives, {@code ====} underlines, {@code :ref:} roles) and Sphinx
 * adds text the source does not hold (section numbers, API docs pulled from C comments by
 * {@code kernel-doc}), so no extractor reaches 1.0 or 0.0; the same numbers for "every visible
 * text" give the baseline.
 */
public final class ExtractionEval {
  private ExtractionEval() {}

  /** Mean scores over the pairs of one extractor. */
  public record Scores(double f1, double precision, double recall, double boilerplateLines, double boilerplateChars, long pairs,
      long emptyOutputs, double seconds, long htmlBytes) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pairs", pairs);
      m.put("similarity_f1", round(f1));
      m.put("precision", round(precision));
      m.put("recall", round(recall));
      m.put("boilerplate_lines", round(boilerplateLines));
      m.put("boilerplate_chars", round(boilerplateChars));
      m.put("empty_outputs", emptyOutputs);
      m.put("seconds", round(seconds));
      m.put("html_mb_s", round(htmlBytes / 1e6 / Math.max(seconds, 1e-9)));
      return m;
    }
  }

  /** One pair's numbers. */
  public record Pair(String key, double f1, double precision, double recall, int lines, int boilerplateLines, long chars,
      long boilerplateChars) {}

  private static final java.util.regex.Pattern GENERATING = java.util.regex.Pattern.compile(
      "(?m)^\\s*\\.\\. (kernel-doc|kernel-abi|kernel-feat|kernel-include|include|literalinclude|toctree|automodule|autoclass)::");

  /**
   * Whether a reST source renders to HTML from itself alone: no directive that pulls text from
   * elsewhere (kernel-doc comments, ABI files, includes, a toctree's titles). On such pages any
   * extracted line absent from the source is boilerplate, so the boilerplate share is exact there.
   */
  public static boolean selfContained(String source) {
    return !GENERATING.matcher(source).find();
  }

  /** The pairing key of a corpus path: directories kept, compression and format extensions dropped. */
  public static String key(String path) {
    String p = path.replaceAll("\\.(gz|zst|zstd)$", "");
    int slash = p.lastIndexOf('/');
    int dot = p.lastIndexOf('.');
    return dot > slash ? p.substring(0, dot) : p;
  }

  /** Reads a corpus's documents as path -> field value (text or html), skipping those without it. */
  public static Map<String, String> load(Path corpus, String field, int limit) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    forEach(corpus, m -> {
      Object v = m.get(field);
      Object p = m.get("path");
      if (v != null && p != null && (limit <= 0 || out.size() < limit)) {
        out.put(key(p.toString()), v.toString());
      }
      return limit <= 0 || out.size() < limit;
    });
    return out;
  }

  /** Calls {@code f} for each JSONL object until it returns false. */
  public static void forEach(Path corpus, Function<Map<String, Object>, Boolean> f) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Compression.of(corpus.toString()).decompress(new java.io.BufferedInputStream(Files.newInputStream(corpus), 1 << 16)), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !f.apply(Json.MAPPER.readValue(line, Json.MAP))) {
          return;
        }
      }
    }
  }

  /**
   * The four rows of {@code kiln eval extract}: html_extract and all visible text, each on every
   * page with a source twin and on the self-contained ones ({@link #selfContained} sources), as
   * {@link Scores#toMap} in a map keyed by row name.
   */
  public static Map<String, Object> compare(Map<String, String> pages, Map<String, String> sources) {
    Map<String, String> self = new HashMap<>();
    sources.forEach((k, v) -> {
      if (selfContained(v)) {
        self.put(k, v);
      }
    });
    Function<String, String> kiln = h -> HtmlExtractor.extract(h).text();
    Function<String, String> allText = h -> HtmlExtractor.extract(h, HtmlExtractor.Options.ALL_TEXT).text();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("kiln_all_pages", evaluate(pages, sources, kiln, null).toMap());
    result.put("kiln_self_contained_pages", evaluate(pages, self, kiln, null).toMap());
    result.put("all_visible_text_all_pages", evaluate(pages, sources, allText, null).toMap());
    result.put("all_visible_text_self_contained_pages", evaluate(pages, self, allText, null).toMap());
    return result;
  }

  /**
   * The {@code n} boilerplate lines html_extract leaves most often over the pages with a source
   * twin (lines cut to 100 characters), with their counts, most frequent first.
   */
  public static List<Map.Entry<String, Integer>> frequentBoilerplate(Map<String, String> pages, Map<String, String> sources, int n) {
    Map<String, Integer> freq = new HashMap<>();
    for (String k : pages.keySet()) {
      if (sources.containsKey(k)) {
        List<String> lines = new ArrayList<>();
        score(k, HtmlExtractor.extract(pages.get(k)).text(), sources.get(k), lines);
        lines.forEach(l -> freq.merge(l.length() > 100 ? l.substring(0, 100) : l, 1, Integer::sum));
      }
    }
    return freq.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n).toList();
  }

  /** Scores extraction of every HTML document that has a source twin. */
  public static Scores evaluate(Map<String, String> html, Map<String, String> source, Function<String, String> extractor, List<Pair> perPair) {
    List<String> keys = new ArrayList<>();
    for (String k : html.keySet()) {
      if (source.containsKey(k)) {
        keys.add(k);
      }
    }
    long bytes = keys.stream().mapToLong(k -> html.get(k).length()).sum();
    long start = System.nanoTime();
    List<Pair> pairs = keys.parallelStream().map(k -> score(k, extractor.apply(html.get(k)), source.get(k))).toList();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (perPair != null) {
      perPair.addAll(pairs);
    }
    double f1 = 0;
    double p = 0;
    double r = 0;
    long lines = 0;
    long bl = 0;
    long chars = 0;
    long bc = 0;
    long empty = 0;
    for (Pair x : pairs) {
      f1 += x.f1();
      p += x.precision();
      r += x.recall();
      lines += x.lines();
      bl += x.boilerplateLines();
      chars += x.chars();
      bc += x.boilerplateChars();
      if (x.lines() == 0) {
        empty++;
      }
    }
    int n = Math.max(1, pairs.size());
    return new Scores(f1 / n, p / n, r / n, lines == 0 ? 0 : (double) bl / lines, chars == 0 ? 0 : (double) bc / chars, pairs.size(), empty,
        seconds, bytes);
  }

  public static Pair score(String key, String extracted, String source) {
    return score(key, extracted, source, null);
  }

  /** One pair's numbers; the lines counted as boilerplate go to {@code boilerplate} when not null. */
  public static Pair score(String key, String extracted, String source, List<String> boilerplate) {
    List<String> ext = tokens(extracted);
    List<String> src = tokens(source);
    Map<String, Integer> counts = new HashMap<>();
    for (String t : src) {
      counts.merge(t, 1, Integer::sum);
    }
    int common = 0;
    for (String t : ext) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        common++;
        counts.put(t, c - 1);
      }
    }
    double precision = ext.isEmpty() ? 0 : (double) common / ext.size();
    double recall = src.isEmpty() ? 0 : (double) common / src.size();
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    Set<String> unigrams = new HashSet<>(src);
    Set<String> bigrams = new HashSet<>();
    for (int i = 0; i + 1 < src.size(); i++) {
      bigrams.add(src.get(i) + " " + src.get(i + 1));
    }
    int lines = 0;
    int boiler = 0;
    long chars = 0;
    long boilerChars = 0;
    for (String line : extracted.split("\n")) {
      List<String> lt = tokens(line);
      if (lt.isEmpty()) {
        continue;
      }
      lines++;
      chars += line.strip().length();
      int found = 0;
      int total;
      if (lt.size() == 1) {
        total = 1;
        found = unigrams.contains(lt.get(0)) ? 1 : 0;
      } else {
        total = lt.size() - 1;
        for (int i = 0; i + 1 < lt.size(); i++) {
          if (bigrams.contains(lt.get(i) + " " + lt.get(i + 1))) {
            found++;
          }
        }
      }
      if (found * 2 < total) {
        if (boilerplate != null) {
          boilerplate.add(line);
        }
        boiler++;
        boilerChars += line.strip().length();
      }
    }
    return new Pair(key, f1, precision, recall, lines, boiler, chars, boilerChars);
  }

  /** Lower-cased runs of letters and digits; each CJK character (Han, kana, Hangul syllable) alone. */
  public static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      int c = s.codePointAt(i);
      int len = Character.charCount(c);
      if (isCjk(c)) {
        out.add(new String(Character.toChars(c)));
        i += len;
      } else if (Character.isLetterOrDigit(c)) {
        int j = i;
        while (j < n) {
          int d = s.codePointAt(j);
          if (!Character.isLetterOrDigit(d) || isCjk(d)) {
            break;
          }
          j += Character.charCount(d);
        }
        out.add(s.substring(i, j).toLowerCase(java.util.Locale.ROOT));
        i = j;
      } else {
        i += len;
      }
    }
    return out;
  }

  static boolean isCjk(int c) {
    Character.UnicodeScript sc = Character.UnicodeScript.of(c);
    return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA || sc == Character.UnicodeScript.KATAKANA
        || sc == Character.UnicodeScript.HANGUL;
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
