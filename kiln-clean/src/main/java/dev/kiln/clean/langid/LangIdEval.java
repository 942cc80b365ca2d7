package dev.kiln.clean.langid;

import dev.kiln.clean.extract.ExtractionEval;
import dev.kiln.clean.extract.HtmlExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy of {@link LanguageIdentifier} against a labelled corpus. The corpus label is mapped to what
 * the identifier can say: a locale to its language ({@code de-DE} is {@code de}, {@code nb-NO} is
 * {@code nb}), {@code zh-TW}, {@code zh-HK} and {@code zh-Hant} to {@code zh-Hant}, {@code zh-CN} to
 * {@code zh}. <b>language</b> accuracy compares languages ({@code zh-Hant} counts as {@code zh});
 * <b>exact</b> accuracy also asks for the right Chinese script. Documents labelled {@code code} are
 * not natural language and are left out (the stage passes them untouched). HTML documents are
 * extracted first.
 */
public final class LangIdEval {
  private LangIdEval() {}

  /** The identifier's label for a corpus label, or null when the corpus label is not a language. */
  public static String expected(String corpusLabel) {
    if (corpusLabel == null || corpusLabel.equals("code")) {
      return null;
    }
    String l = corpusLabel.replace('_', '-');
    String lower = l.toLowerCase(Locale.ROOT);
    if (lower.equals("zh-hant") || lower.equals("zh-tw") || lower.equals("zh-hk") || lower.equals("zh-mo")) {
      return "zh-Hant";
    }
    return lower.split("-")[0];
  }

  static String language(String label) {
    return label.split("-")[0];
  }

  /**
   * A corpus's evaluation: {@link #handbook} for the Debian handbook's translations (a file named
   * {@code debian-handbook*}), {@link #evaluate} on its first {@code limit} labelled documents otherwise.
   */
  public static Map<String, Object> evaluateFile(Path corpus, LanguageIdentifier id, int limit) throws IOException {
    return corpus.getFileName().toString().startsWith("debian-handbook") ? handbook(corpus, id) : evaluate(corpus, id, limit);
  }

  /** One corpus's results: accuracy overall and per corpus label, plus the commonest confusions. */
  public static Map<String, Object> evaluate(Path corpus, LanguageIdentifier id, int limit) throws IOException {
    List<String[]> rows = new ArrayList<>(); // corpus label, text
    ExtractionEval.forEach(corpus, m -> {
      Object lang = m.get("lang");
      String exp = expected(lang == null ? null : lang.toString());
      if (exp != null) {
        Object text = m.get("text");
        String t = text != null ? text.toString() : m.get("html") != null ? HtmlExtractor.extract(m.get("html").toString()).text() : "";
        rows.add(new String[] {lang.toString(), t});
      }
      return limit <= 0 || rows.size() < limit;
    });
    long bytes = 0;
    for (String[] r : rows) {
      bytes += r[1].getBytes(StandardCharsets.UTF_8).length;
    }
    long start = System.nanoTime();
    List<String> guesses = rows.parallelStream().map(r -> id.identify(r[1]).label()).toList();
    double seconds = (System.nanoTime() - start) / 1e9;
    int right = 0;
    int exact = 0;
    Map<String, int[]> perLabel = new TreeMap<>();
    Map<String, Integer> confusions = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      String exp = expected(rows.get(i)[0]);
      String got = guesses.get(i);
      boolean ok = language(exp).equals(language(got));
      right += ok ? 1 : 0;
      exact += exp.equals(got) ? 1 : 0;
      int[] c = perLabel.computeIfAbsent(rows.get(i)[0], k -> new int[2]);
      c[0]++;
      c[1] += ok ? 1 : 0;
      if (!ok) {
        confusions.merge(rows.get(i)[0] + "->" + got, 1, Integer::sum);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("corpus", corpus.getFileName().toString().replaceAll("\\.jsonl.*$", ""));
    out.put("documents", rows.size());
    out.put("accuracy", ExtractionEvalRound.round(rows.isEmpty() ? 0 : (double) right / rows.size()));
    out.put("exact_accuracy", ExtractionEvalRound.round(rows.isEmpty() ? 0 : (double) exact / rows.size()));
    Map<String, Object> per = new LinkedHashMap<>();
    perLabel.forEach((k, v) -> per.put(k, ExtractionEvalRound.round((double) v[1] / v[0])));
    out.put("per_label", per);
    Map<String, Integer> top = new LinkedHashMap<>();
    confusions.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(10).forEach(e -> top.put(e.getKey(), e.getValue()));
    out.put("confusions", top);
    out.put("mb_s", ExtractionEvalRound.round(bytes / 1e6 / Math.max(seconds, 1e-9)));
    return out;
  }

  /**
   * The Debian handbook in 26 locales: many translations are partial and fall back to the English
   * text page by page, so the corpus label is wrong for those pages. A page counts as untranslated
   * when more than half of its tokens occur in the en-US page of the same name (an independent
   * check: token overlap, not the identifier); its expected label is then {@code en}. Reports, per
   * locale, accuracy against the corpus label, the number of translated pages and the accuracy on
   * them, and overall accuracy against the corrected labels.
   */
  public static Map<String, Object> handbook(Path corpus, LanguageIdentifier id) throws IOException {
    Map<String, String> english = new java.util.HashMap<>();
    List<String[]> pages = new ArrayList<>(); // locale, file, text
    ExtractionEval.forEach(corpus, m -> {
      String locale = String.valueOf(m.get("lang"));
      String path = String.valueOf(m.get("path"));
      String file = path.substring(path.indexOf('/') + 1);
      String text = HtmlExtractor.extract(String.valueOf(m.get("html"))).text();
      pages.add(new String[] {locale, file, text});
      if (locale.equals("en-US")) {
        english.put(file, text);
      }
      return true;
    });
    List<String> guesses = pages.parallelStream().map(p -> id.identify(p[2]).label()).toList();
    Map<String, int[]> per = new TreeMap<>(); // pages, right vs corpus label, translated, right on translated
    int corrected = 0;
    for (int i = 0; i < pages.size(); i++) {
      String[] p = pages.get(i);
      String got = language(guesses.get(i));
      String want = language(expected(p[0]));
      String en = english.get(p[1]);
      boolean translated = p[0].equals("en-US") || en == null || ExtractionEval.score(p[1], p[2], en).precision() <= 0.5;
      int[] c = per.computeIfAbsent(p[0], k -> new int[4]);
      c[0]++;
      c[1] += got.equals(want) ? 1 : 0;
      if (translated) {
        c[2]++;
        c[3] += got.equals(want) ? 1 : 0;
      }
      corrected += got.equals(translated ? want : "en") ? 1 : 0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("corpus", corpus.getFileName().toString().replaceAll("\\.jsonl.*$", ""));
    out.put("documents", pages.size());
    int right = per.values().stream().mapToInt(c -> c[1]).sum();
    int translated = per.values().stream().mapToInt(c -> c[2]).sum();
    int rightTranslated = per.values().stream().mapToInt(c -> c[3]).sum();
    out.put("accuracy_vs_corpus_label", ExtractionEvalRound.round((double) right / pages.size()));
    out.put("translated_pages", translated);
    out.put("accuracy_on_translated_pages", ExtractionEvalRound.round((double) rightTranslated / Math.max(1, translated)));
    out.put("accuracy_vs_corrected_labels", ExtractionEvalRound.round((double) corrected / pages.size()));
    Map<String, Object> locales = new LinkedHashMap<>();
    per.forEach((k, c) -> locales.put(k, Map.of("pages", c[0], "accuracy", ExtractionEvalRound.round((double) c[1] / c[0]),
        "translated", c[2], "accuracy_translated", c[2] == 0 ? 0.0 : ExtractionEvalRound.round((double) c[3] / c[2]))));
    out.put("locales", locales);
    return out;
  }

  /** Rounding shared with the extraction report. */
  static final class ExtractionEvalRound {
    static double round(double v) {
      return Math.round(v * 10000) / 10000.0;
    }
  }
}
