package dev.kiln.clean;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.clean.classify.Example;
import dev.kiln.clean.classify.Trainer;
import dev.kiln.core.Document;
import dev.kiln.core.stage.DocumentStage;
import dev.kiln.core.stage.Outcome;
import dev.kiln.core.stage.Param;
import dev.kiln.core.stage.StageInfo;
import dev.kiln.core.stage.StageRegistry;
import dev.kiln.core.stage.StageRegistry.StageDescriptor;
import dev.kiln.core.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered per-document stage drops with what it measured (docs/ARCHITECTURE.md), so the
 * report can plot dropped documents beside kept ones. Each stage runs with parameters that make
 * every one of its rules fire (thresholds set tight, one rule at a time where rules run in order),
 * over crafted documents and, when {@code ../shared} is there, real ones. For each drop:
 *
 * <ul>
 *   <li>the reason is one of the stage's ({@link #RULES}); over the run, every one of them fires;</li>
 *   <li>the dropped document holds a numeric measure the stage wrote (added or changed): a
 *       {@code <stage>.*} key, or one of {@link #MEASURE_KEYS}; {@code length_filter}'s measure is
 *       the text's length ({@link #TEXT_MEASURED}), so its dropped document is the text it measured;</li>
 *   <li>save the drops in {@link #NOTHING_MEASURED}, which measure nothing: that list is exact
 *       (each fires, and carries no measure).</li>
 * </ul>
 * A new per-document stage fails here until it has parameters in {@link #configs} (or is listed in
 * {@link #NEVER_DROPS}) and its reasons in {@link #RULES}; one that drops without its measures fails
 * for good ({@link #aStageDroppingWithoutItsMeasuresIsCaught}).
 */
class MeasuredDropsTest {
  @TempDir
  static Path tmp;
  static String model;

  /** A topic classifier (sports or food) for {@code classify}. */
  @BeforeAll
  static void trainClassifier() throws Exception {
    String[][] words = {{"goal", "match", "team", "score", "league", "coach"}, {"oven", "flour", "sugar", "bake", "recipe", "salt"}};
    String[] labels = {"sports", "food"};
    Random r = new Random(3);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int t = i % 2;
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 10; w++) {
        sb.append(r.nextInt(2) == 0 ? words[t][r.nextInt(words[t].length)] : "the").append(' ');
      }
      examples.add(new Example("toy/" + i, sb.toString(), labels[t]));
    }
    Path f = tmp.resolve("topics.bin");
    Trainer.train(examples, new Trainer.Config(8, 5, 0.5, 1 << 16, 2, 3, 5, 0, 0, false, 7), Map.of(), s -> {}).save(f);
    model = f.toString();
  }

  /** Every drop reason of each stage. */
  static final Map<String, Set<String>> RULES = Map.ofEntries(
      Map.entry("length_filter", Set.of("too_short", "too_long")),
      Map.entry("lang_id", Set.of("lang_not_allowed", "lang_low_score")),
      Map.entry("classify", Set.of("classify.below_min_score")),
      Map.entry("html_extract", Set.of("empty")),
      Map.entry("normalize", Set.of("empty")),
      Map.entry("char_ratio", prefixed("char_ratio", "empty", "zh_low", "zh_high", "en_low", "en_high", "digit_high", "symbol_high")),
      Map.entry("char_repetition", prefixed("char_repetition", "top_char", "top_word", "char_ngram_rep")),
      Map.entry("url_ratio", prefixed("url_ratio", "url_chars", "urls_per_kchar")),
      Map.entry("keyword_filter", prefixed("keyword_filter", "banned", "low_quality")),
      Map.entry("toxic_filter", prefixed("toxic_filter", "toxic")),
      Map.entry("c4_quality", prefixed("c4_quality", "lorem_ipsum", "curly_bracket", "too_few_sentences")),
      Map.entry("fineweb_quality", prefixed("fineweb_quality", "line_punct_ratio", "short_line_ratio", "char_dup_ratio", "list_ratio")),
      Map.entry("gopher_quality", prefixed("gopher_quality", "too_few_words", "too_many_words", "mean_word_length", "hash_ratio",
          "ellipsis_ratio", "bullet_lines", "ellipsis_lines", "alpha_words", "stop_words")),
      Map.entry("gopher_repetition", prefixed("gopher_repetition", "dup_para_frac", "dup_para_char_frac", "dup_line_frac",
          "dup_line_char_frac", "top_2_gram", "dup_5_gram")));

  /** Stages that keep every document (they transform or annotate); checked to drop nothing. */
  static final Set<String> NEVER_DROPS = Set.of("pii");

  /** Measures not named {@code <stage>.*}. */
  static final Map<String, Set<String>> MEASURE_KEYS = Map.of("lang_id", Set.of("lang_score"));

  /** Stages whose measure is the text's length (reports take it from the dropped document's text). */
  static final Set<String> TEXT_MEASURED = Set.of("length_filter");

  /**
   * Drops with nothing to measure: stage -> reasons. A text left empty by normalization or HTML
   * extraction, and a text without a non-space character (no share of nothing).
   */
  static final Map<String, Set<String>> NOTHING_MEASURED = Map.of(
      "normalize", Set.of("empty"),
      "html_extract", Set.of("empty"),
      "char_ratio", Set.of("char_ratio.empty"));

  /** Per stage: the parameter sets it runs with, which together make every rule fire. */
  static Map<String, List<Map<String, String>>> configs() {
    Map<String, List<Map<String, String>>> c = new TreeMap<>();
    c.put("length_filter", List.of(Map.of("min_chars", "20", "max_chars", "200")));
    c.put("lang_id", List.of(Map.of("languages", "[en, zh, de, fr]", "allowed", "[en]", "min_score", "1.0")));
    c.put("classify", List.of(Map.of("model", model, "keep_labels", "[sports]", "min_score", "0.99")));
    c.put("html_extract", List.of(Map.of()));
    c.put("normalize", List.of(Map.of()));
    c.put("pii", List.of(Map.of()));
    c.put("char_ratio", List.of(Map.of("min_zh", "0.5"), Map.of("max_zh", "0.1"), Map.of("min_en", "0.99"), Map.of("max_en", "0.1"),
        Map.of("max_digit", "0"), Map.of("max_digit", "-1", "max_symbol", "0")));
    c.put("char_repetition", List.of(Map.of("max_top_char", "0.01", "min_chars", "0"),
        Map.of("max_top_char", "-1", "max_top_word", "0.01", "min_chars", "0"),
        Map.of("max_top_char", "-1", "max_top_word", "-1", "max_char_ngram_rep", "0")));
    c.put("url_ratio", List.of(Map.of("max_url_chars", "0"), Map.of("max_url_chars", "-1", "max_urls_per_kchar", "0", "min_urls", "1")));
    c.put("keyword_filter", List.of(Map.of()));
    c.put("toxic_filter", List.of(Map.of()));
    c.put("c4_quality", List.of(Map.of()));
    c.put("fineweb_quality", oneAtATime(Map.of("min_line_punct_ratio", "1", "max_short_line_ratio", "0", "max_char_dup_ratio", "0",
        "max_list_ratio", "0")));
    Map<String, String> gopher = new LinkedHashMap<>();
    gopher.put("min_words", "100000");
    gopher.put("max_words", "0");
    gopher.put("min_mean_word_length", "100");
    gopher.put("max_mean_word_length", "0");
    gopher.put("max_symbol_word_ratio", "0");
    gopher.put("max_bullet_lines", "0");
    gopher.put("max_ellipsis_lines", "0");
    gopher.put("min_alpha_words", "1");
    gopher.put("min_stop_words", "1000");
    c.put("gopher_quality", oneAtATime(gopher));
    List<Map<String, String>> rep = new ArrayList<>(oneAtATime(Map.of("max_dup_para_frac", "0", "max_dup_para_char_frac", "0",
        "max_dup_line_frac", "0", "max_dup_line_char_frac", "0", "top_ngram_max", "{2: 0.0}", "dup_ngram_max", "{5: 0.0}")));
    c.put("gopher_repetition", rep);
    return c;
  }

  /** Documents on which the rules above fire: one or more per rule. */
  static List<Document> crafted() {
    List<Document> d = new ArrayList<>();
    String[] texts = {
        "The quick brown fox jumps over the lazy dog while the farmer watches from the porch. It was a warm and sunny day in the "
            + "valley, and the children played by the river until the evening came. Nobody wanted to go home that night.",
        "Hi.",
        "我们今天讨论数据清洗的问题，这个过程对大模型的训练非常重要。",
        "   \n\t  ",
        "\u200B\u0000",
        "spam spam spam\n\nspam spam spam\n\nbuy buy buy\nbuy buy buy\n",
        "- one thing\n- two things\n- three things",
        "wait for it...\nand then...\nnothing at all...",
        "#tag #other some words with the tags here",
        "See https://example.com/a/b/c/d and www.example.org for more, or http://x.y/z.",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "The function body starts with { and ends much later.",
        "Click here to buy now! Act now, limited time offer.",
        "这里代开发票",
        "what the fuck",
        "call 555 1234 or 555 9876 before 2024",
        "!!! ??? *** $$$ %%% ^^^",
        "bake the flour and sugar in the oven with salt",
        "ok",
    };
    for (int i = 0; i < texts.length; i++) {
      d.add(Document.of("crafted-" + i, texts[i]));
    }
    d.add(Document.of("crafted-html", "", Map.of("html", "<html><body><script>x()</script><nav><a href='/'>Home</a></nav></body></html>")));
    return d;
  }

  @Test
  void everyStageDropsWithItsMeasuresOnCraftedDocuments() {
    List<String> problems = problems(StageRegistry.load(), configs(), crafted());
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void everyStageDropsWithItsMeasuresOnRealDocuments() {
    List<Document> docs = new ArrayList<>(crafted());
    docs.addAll(SharedData.documents("fortunes", 300));
    docs.addAll(SharedData.documents("chinese-poetry", 300));
    docs.addAll(SharedData.documents("spam-assassin", 100));
    docs.addAll(SharedData.documents("kernel-docs", 30));
    docs.addAll(SharedData.documents("kernel-html", 10));
    List<String> problems = problems(StageRegistry.load(), configs(), docs);
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  /** A filter written as a plain DocumentStage, which drops without writing what it measured. */
  @StageInfo(name = "url_ratio", description = "drops text with links, measuring them but not saying so")
  public static final class Unmeasured implements DocumentStage {
    private static final long serialVersionUID = 1L;

    public record Config(@Param(value = "most links", defaultValue = "0") int maxUrls) implements java.io.Serializable {}

    private final Config config;

    public Unmeasured(Config config) {
      this.config = config;
    }

    @Override
    public Outcome apply(Document doc) {
      int urls = doc.text().split("https?://", -1).length - 1;
      return urls > config.maxUrls() ? Outcome.drop("url_ratio.url_chars", doc) : Outcome.keep(doc);
    }
  }

  @Test
  void aStageDroppingWithoutItsMeasuresIsCaught() {
    // It borrows url_ratio's name and a reason of it: only the missing measure can fail it.
    List<String> problems = problems(StageRegistry.of(List.of(Unmeasured.class)), Map.of("url_ratio", List.of(Map.of("max_urls", "1"))), crafted());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("url_ratio {max_urls=1} dropped crafted-9 as url_ratio.url_chars without its measures")),
        () -> String.join("\n", problems));
  }

  /** A stage added later, which the tables here do not know yet. */
  @StageInfo(name = "new_filter", description = "keeps everything")
  public static final class NewFilter implements DocumentStage {
    private static final long serialVersionUID = 1L;

    public record Config() implements java.io.Serializable {}

    public NewFilter(Config config) {}

    @Override
    public Outcome apply(Document doc) {
      return Outcome.keep(doc);
    }
  }

  @Test
  void aStageTheseTablesDoNotKnowIsCaught() {
    List<String> problems = problems(StageRegistry.of(List.of(NewFilter.class)), Map.of(), crafted());
    assertTrue(problems.contains("new_filter: no parameters here that make its rules fire (add them to configs(), or list it in NEVER_DROPS)"),
        () -> String.join("\n", problems));
    assertTrue(problems.contains("new_filter: its drop reasons are not listed in RULES"), () -> String.join("\n", problems));
  }

  /**
   * What is wrong with the drops of every per-document stage of {@code reg}, run with
   * {@code configs} over {@code docs}; empty when every drop carries its measures.
   */
  static List<String> problems(StageRegistry reg, Map<String, List<Map<String, String>>> configs, List<Document> docs) {
    List<String> problems = new ArrayList<>();
    Set<String> registered = new TreeSet<>();
    for (StageDescriptor d : reg.all()) {
      if (!DocumentStage.class.isAssignableFrom(d.type())) {
        continue;
      }
      String name = d.name();
      registered.add(name);
      List<Map<String, String>> params = configs.get(name);
      if (params == null) {
        problems.add(name + ": no parameters here that make its rules fire (add them to configs(), or list it in NEVER_DROPS)");
        params = List.of(Map.of());
      }
      Set<String> rules = RULES.getOrDefault(name, Set.of());
      if (!RULES.containsKey(name) && !NEVER_DROPS.contains(name)) {
        problems.add(name + ": its drop reasons are not listed in RULES");
      }
      Set<String> unmeasured = NOTHING_MEASURED.getOrDefault(name, Set.of());
      Set<String> fired = new TreeSet<>();
      Set<String> firedUnmeasured = new TreeSet<>();
      for (Map<String, String> p : params) {
        DocumentStage stage = (DocumentStage) reg.create(name, p);
        for (Document in : docs) {
          Outcome o;
          try {
            o = stage.apply(in);
          } catch (Exception e) {
            problems.add(name + " " + p + " threw on " + in.id() + ": " + e);
            continue;
          }
          if (o.kept()) {
            continue;
          }
          String reason = o.dropReason();
          String what = name + " " + p + " dropped " + in.id() + " as " + reason;
          fired.add(reason);
          if (!rules.contains(reason)) {
            problems.add(what + ": not one of its reasons " + new TreeSet<>(rules));
          }
          if (o.doc() == null) {
            problems.add(what + " without the document");
            continue;
          }
          List<String> measures = measures(name, in, o.doc());
          if (unmeasured.contains(reason)) {
            firedUnmeasured.add(reason);
            if (!measures.isEmpty()) {
              problems.add(what + " with measures " + measures + ": take it out of NOTHING_MEASURED");
            }
          } else if (TEXT_MEASURED.contains(name)) {
            if (!o.doc().text().equals(in.text())) {
              problems.add(what + " without its measures: its measure is the text's length, and the dropped document's text is not the text measured");
            }
          } else if (measures.isEmpty()) {
            problems.add(what + " without its measures (no numeric " + name + ".* key"
                + (MEASURE_KEYS.containsKey(name) ? " or " + MEASURE_KEYS.get(name) : "") + " added or changed; metadata " + o.doc().meta() + ")");
          }
        }
      }
      if (NEVER_DROPS.contains(name)) {
        if (!fired.isEmpty()) {
          problems.add(name + " is listed in NEVER_DROPS but dropped as " + fired);
        }
      } else if (RULES.containsKey(name) && !fired.equals(rules)) {
        Set<String> missing = new TreeSet<>(rules);
        missing.removeAll(fired);
        problems.add(name + ": rules that never fired here " + missing + " (tighten configs() or add a document that breaks them)");
      }
      Set<String> stale = new TreeSet<>(unmeasured);
      stale.removeAll(firedUnmeasured);
      if (!stale.isEmpty()) {
        problems.add(name + ": NOTHING_MEASURED lists " + stale + ", which never dropped a document here");
      }
    }
    for (Set<String> listed : List.of(configs.keySet(), RULES.keySet(), NOTHING_MEASURED.keySet(), MEASURE_KEYS.keySet(), TEXT_MEASURED, NEVER_DROPS)) {
      for (String s : listed) {
        if (!registered.contains(s)) {
          problems.add(s + " is listed here but is not a registered per-document stage");
        }
      }
    }
    return problems;
  }

  /** Numeric metadata under {@code <stage>.} or in MEASURE_KEYS that the stage added or changed. */
  static List<String> measures(String stage, Document in, Document out) {
    List<String> keys = new ArrayList<>();
    Set<String> own = MEASURE_KEYS.getOrDefault(stage, Set.of());
    out.meta().forEach((k, v) -> {
      if ((k.startsWith(stage + ".") || own.contains(k)) && v instanceof Number && !v.equals(in.meta().get(k))) {
        keys.add(k);
      }
    });
    return keys;
  }

  private static Set<String> prefixed(String stage, String... rules) {
    Set<String> s = new TreeSet<>();
    for (String r : rules) {
      s.add(stage + "." + r);
    }
    return Set.copyOf(s);
  }

  /** Each parameter alone at its tight value, every other one of them turned off (-1, or no n-grams). */
  private static List<Map<String, String>> oneAtATime(Map<String, String> tight) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String on : new TreeSet<>(tight.keySet())) {
      Map<String, String> p = new TreeMap<>();
      tight.forEach((k, v) -> p.put(k, k.equals(on) ? v : v.startsWith("{") ? "{}" : "-1"));
      out.add(p);
    }
    return out;
  }
}
