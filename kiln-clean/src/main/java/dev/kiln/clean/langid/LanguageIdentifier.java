package dev.kiln.clean.langid;

import static dev.kiln.core.util.Preconditions.checkArgument;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Language identification: Lingua's n-gram models (75 languages) behind a script pre-pass.
 *
 * <ul>
 *   <li>Text dominated by one script that only one language (of those considered) writes is decided
 *       by the script alone: Hangul is Korean, kana with Han is Japanese, Han alone is Chinese, Greek,
 *       Thai, Hebrew, Armenian, Georgian ... (Lingua does the same with its rules, but only after
 *       building n-grams; this pass is one scan of the sample).
 *   <li>Anything else goes to Lingua, which returns relative confidences; the label is the top
 *       language and the score its confidence.
 *   <li>Long documents are judged on a sample of at most {@code maxChars} characters: three windows
 *       from the start, middle and end, cut at spaces.
 *   <li>Chinese is told apart as {@code zh} (simplified, or undecided) and {@code zh-Hant} by counting
 *       characters from a table of common simplified/traditional pairs.
 * </ul>
 * Labels are ISO 639-1 codes ({@code en}, {@code zh}, {@code nb}...), {@code zh-Hant}, or
 * {@code unknown} (score 0). Detectors are built once per language set and accuracy mode and shared
 * by every thread (Lingua's detector is read-only once its models are loaded, and they are preloaded).
 */
public final class LanguageIdentifier {
  /** A label and its confidence in [0, 1]. */
  public record Guess(String label, double score) {}

  /** Which model scores text that the script pass leaves open. */
  public enum Engine {
    /** Lingua's n-gram models scored by {@link NgramModels}: one lookup per trigram for all languages. */
    FAST,
    /** Lingua's own detector (all n-gram orders, its rules and confidences); slow, heavy with many languages. */
    LINGUA
  }

  private static final Map<String, LanguageDetector> DETECTORS = new ConcurrentHashMap<>();
  private static final Map<String, NgramModels> MODELS = new ConcurrentHashMap<>();

  private final LanguageDetector detector;
  private final NgramModels models;
  private final java.util.Set<Language> languages;
  private final int maxChars;
  private final boolean chineseScript;

  /**
   * @param codes ISO 639-1 codes of the languages considered (empty: all 75)
   * @param lowAccuracy Lingua's low-accuracy mode (trigrams only: faster, less memory, weaker on short text)
   */
  public LanguageIdentifier(List<String> codes, Engine engine, boolean lowAccuracy, int maxChars, boolean chineseScript) {
    this.languages = languages(codes);
    this.maxChars = maxChars;
    this.chineseScript = chineseScript;
    String key = languages + "|" + lowAccuracy;
    if (engine == Engine.LINGUA) {
      this.models = null;
      this.detector = DETECTORS.computeIfAbsent(key, k -> {
        LanguageDetectorBuilder b = LanguageDetectorBuilder.fromLanguages(languages.toArray(new Language[0]));
        if (lowAccuracy) {
          b = b.withLowAccuracyMode();
        }
        return b.withPreloadedLanguageModels().build();
      });
    } else {
      this.detector = null;
      this.models = MODELS.computeIfAbsent(languages.toString(), k -> new NgramModels(new ArrayList<>(languages)));
    }
  }

  static java.util.Set<Language> languages(List<String> codes) {
    java.util.EnumSet<Language> set = java.util.EnumSet.noneOf(Language.class);
    if (codes == null || codes.isEmpty()) {
      for (Language l : Language.values()) {
        if (l != Language.UNKNOWN) {
          set.add(l);
        }
      }
      return set;
    }
    for (String c : codes) {
      String code = c.toLowerCase(Locale.ROOT).split("[-_]")[0];
      IsoCode639_1 iso;
      try {
        iso = IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown or unsupported language code '" + c + "'");
      }
      Language l = Language.getByIsoCode639_1(iso);
      checkArgument(l != Language.UNKNOWN, "unsupported language code '" + c + "'");
      set.add(l);
    }
    checkArgument(set.size() >= 2, "languages needs at least two languages, got " + codes);
    return set;
  }

  private boolean considers(Language l) {
    return languages.contains(l);
  }

  public Guess identify(String text) {
    String sample = sample(text, maxChars);
    Guess byScript = byScript(sample);
    if (byScript != null) {
      return byScript;
    }
    if (models != null) {
      return fast(sample);
    }
    SortedMap<Language, Double> conf = detector.computeLanguageConfidenceValues(sample);
    if (conf.isEmpty()) {
      return new Guess("unknown", 0);
    }
    Language top = conf.firstKey();
    double score = conf.get(top);
    if (top == Language.UNKNOWN || score <= 0) {
      return new Guess("unknown", 0);
    }
    return new Guess(label(top, sample), score);
  }

  private Guess fast(String sample) {
    int[] count = new int[1];
    double[] sum = models.score(sample, count);
    if (count[0] == 0 || sum.length == 0) {
      return new Guess("unknown", 0);
    }
    double scale = Math.min(1.0, (double) NgramModels.EVIDENCE / count[0]);
    int best = 0;
    for (int l = 1; l < sum.length; l++) {
      if (sum[l] > sum[best]) {
        best = l;
      }
    }
    double z = 0;
    for (double v : sum) {
      z += Math.exp((v - sum[best]) * scale);
    }
    return new Guess(label(models.languages()[best], sample), 1 / z);
  }

  private String label(Language l, String sample) {
    if (l == Language.CHINESE && chineseScript && ChineseScript.isTraditional(sample)) {
      return "zh-Hant";
    }
    return l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
  }

  /** Script counts of the sample; a decision when one script that only one language writes dominates. */
  private Guess byScript(String s) {
    int letters = 0;
    int han = 0;
    int kana = 0;
    int hangul = 0;
    int other = 0;
    Character.UnicodeScript otherScript = null;
    boolean mixedOther = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (!Character.isLetter(c)) {
        continue;
      }
      letters++;
      Character.UnicodeScript sc = Character.UnicodeScript.of(c);
      switch (sc) {
        case HAN -> han++;
        case HIRAGANA, KATAKANA -> kana++;
        case HANGUL -> hangul++;
        default -> {
          other++;
          if (otherScript == null) {
            otherScript = sc;
          } else if (otherScript != sc) {
            mixedOther = true;
          }
        }
      }
    }
    if (letters == 0) {
      return null;
    }
    // A CJK character carries about as much as a short word: weigh it as three letters, so Chinese
    // text full of English terms, commands and URLs is still Chinese.
    int cjk = han + kana + hangul;
    if (cjk > 0 && 3.0 * cjk / (3.0 * cjk + other) >= 0.5) {
      double share = 3.0 * cjk / (3.0 * cjk + other);
      if (hangul >= 0.5 * cjk && considers(Language.KOREAN)) {
        return new Guess("ko", share);
      }
      if (kana >= 0.05 * cjk && considers(Language.JAPANESE)) {
        return new Guess("ja", share);
      }
      if (han >= 0.5 * cjk && considers(Language.CHINESE)) {
        return new Guess(label(Language.CHINESE, s), share);
      }
    }
    double n = letters;
    if (!mixedOther && otherScript != null && other / n >= 0.9) {
      Language only = UNIQUE_SCRIPT.get(otherScript);
      if (only != null && considers(only)) {
        return new Guess(only.getIsoCode639_1().toString().toLowerCase(Locale.ROOT), other / n);
      }
    }
    return null;
  }

  /** Scripts that only one of Lingua's languages writes. */
  private static final Map<Character.UnicodeScript, Language> UNIQUE_SCRIPT = Map.of(
      Character.UnicodeScript.GREEK, Language.GREEK,
      Character.UnicodeScript.THAI, Language.THAI,
      Character.UnicodeScript.HEBREW, Language.HEBREW,
      Character.UnicodeScript.ARMENIAN, Language.ARMENIAN,
      Character.UnicodeScript.GEORGIAN, Language.GEORGIAN,
      Character.UnicodeScript.GUJARATI, Language.GUJARATI,
      Character.UnicodeScript.GURMUKHI, Language.PUNJABI,
      Character.UnicodeScript.TAMIL, Language.TAMIL,
      Character.UnicodeScript.TELUGU, Language.TELUGU,
      Character.UnicodeScript.BENGALI, Language.BENGALI);

  /** At most {@code max} characters: the whole text, or windows from its start, middle and end cut at spaces. */
  static String sample(String text, int max) {
    if (max <= 0 || text.length() <= max) {
      return text;
    }
    int w = max / 3;
    List<String> parts = new ArrayList<>(3);
    for (int start : new int[] {0, text.length() / 2 - w / 2, text.length() - w}) {
      int s = start;
      int e = Math.min(text.length(), start + w);
      if (s > 0) {
        int sp = text.indexOf(' ', s);
        if (sp > 0 && sp < s + 40) {
          s = sp + 1;
        }
      }
      if (e < text.length()) {
        int sp = text.lastIndexOf(' ', e);
        if (sp > e - 40 && sp > s) {
          e = sp;
        }
      }
      // Never cut a surrogate pair.
      if (s > 0 && Character.isLowSurrogate(text.charAt(s))) {
        s++;
      }
      if (e < text.length() && e > s && Character.isHighSurrogate(text.charAt(e - 1))) {
        e--;
      }
      parts.add(text.substring(s, e));
    }
    return String.join("\n", parts);
  }
}
