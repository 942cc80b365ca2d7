package dev.kiln.cli;

import dev.kiln.clean.extract.ExtractionEval;
import dev.kiln.clean.langid.LangIdEval;
import dev.kiln.clean.langid.LanguageIdentifier;
import dev.kiln.core.util.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln eval}: quality measurements of cleaning steps against independent truths. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measures cleaning steps against references.",
    subcommands = {EvalCommand.Extract.class, EvalCommand.Langid.class})
public final class EvalCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code kiln eval extract}: html_extract against the source the HTML was rendered from. */
  @Command(name = "extract", mixinStandardHelpOptions = true,
      description = "HTML extraction against source text paired by path: token F1 and share of boilerplate lines (see ExtractionEval).")
  public static final class Extract implements Callable<Integer> {
    @Option(names = "--html", required = true, description = "JSONL with html and path fields (e.g. kernel-html.jsonl.zst)")
    Path html;

    @Option(names = "--source", required = true, description = "JSONL with text and path fields (e.g. kernel-docs.jsonl.zst)")
    Path source;

    @Option(names = "--limit", defaultValue = "0", description = "first N HTML documents (0: all)")
    int limit;

    @Option(names = "--show", defaultValue = "0", description = "print the N most frequent boilerplate lines left")
    int show;

    @Override
    public Integer call() throws Exception {
      Map<String, String> pages = ExtractionEval.load(html, "html", limit);
      Map<String, String> sources = ExtractionEval.load(source, "text", 0);
      Map<String, Object> result = ExtractionEval.compare(pages, sources);
      System.out.println("similarity: token F1 (lower-cased letter/digit runs, single CJK characters) of extracted text vs source");
      System.out.println("boilerplate: share of extracted lines with under half of their token bigrams in the source");
      System.out.println("self-contained pages: sources without kernel-doc/ABI/include/toctree directives (nothing pulled from elsewhere)");
      for (Map.Entry<String, Object> e : result.entrySet()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) e.getValue();
        System.out.printf(Locale.ROOT, "%-40s pairs %5s  F1 %.3f  precision %.3f  recall %.3f  boilerplate lines %.3f chars %.3f  %.2f MB/s html%n",
            e.getKey(), s.get("pairs"), s.get("similarity_f1"), s.get("precision"), s.get("recall"), s.get("boilerplate_lines"),
            s.get("boilerplate_chars"), s.get("html_mb_s"));
      }
      if (show > 0) {
        ExtractionEval.frequentBoilerplate(pages, sources, show)
            .forEach(e -> System.out.printf(Locale.ROOT, "%6d  %s%n", e.getValue(), e.getKey()));
      }
      System.out.println(Json.MAPPER.writeValueAsString(result));
      return 0;
    }
  }

  /** {@code kiln eval langid}: language identification against corpus labels. */
  @Command(name = "langid", mixinStandardHelpOptions = true,
      description = "Language identification against the corpora's lang labels (HTML extracted first; code skipped).")
  public static final class Langid implements Callable<Integer> {
    @Option(names = "--input", required = true, split = ",", description = "labelled JSONL corpora (comma-separated)")
    List<Path> inputs;

    @Mixin
    LangIdOptions langId;

    @Option(names = "--limit", defaultValue = "0", description = "first N labelled documents per corpus (0: all)")
    int limit;

    @Override
    public Integer call() throws Exception {
      LanguageIdentifier id = new LanguageIdentifier(langId.languages, LanguageIdentifier.Engine.valueOf(langId.engine.toUpperCase(Locale.ROOT)), false, langId.maxChars,
          true);
      for (Path p : inputs) {
        System.out.println(Json.MAPPER.writeValueAsString(LangIdEval.evaluateFile(p, id, limit)));
      }
      return 0;
    }
  }
}
