package dev.kiln.pipeline;

import dev.kiln.core.Document;
import dev.kiln.core.engine.CloseableIterator;
import dev.kiln.core.engine.ReadProgress;
import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.Recipe.NamedStage;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import dev.kiln.core.util.Percent;
import dev.kiln.io.FileSplit;
import dev.kiln.io.LineReader;
import dev.kiln.io.RawRecord;
import dev.kiln.io.RecordParser;
import dev.kiln.pipeline.profile.Profiler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code run --dry-run}: a recipe tried before it runs. Lists its inputs with their sizes, then runs
 * its per-document stages, in order, on the first records of each input file (global stages are
 * skipped: they need the whole corpus) and reports each stage's keep rate, drop reasons, and the
 * recipe checks ({@link RecipeChecks}) on that sample. Reads a few records per file, writes nothing.
 */
public final class DryRun {
  /** Files sampled per input at most (their first records each). */
  static final int FILES = 20;

  private DryRun() {}

  /** The sample's accounting, in recipe order: read, then each per-document stage. */
  public static RunStats run(Recipe recipe, int recordsPerFile, PrintStream out) throws Exception {
    List<FileSplit> splits = Pipeline.splits(recipe);
    out.printf(Locale.ROOT, "recipe %s: %d inputs, %d files, %.1f MB%n", recipe.hash().substring(0, 12), recipe.inputs().size(),
        splits.stream().mapToInt(s -> s.paths().size()).sum(), splits.stream().mapToLong(FileSplit::size).sum() / 1e6);
    for (int i = 0; i < recipe.inputs().size(); i++) {
      int input = i;
      List<FileSplit> mine = splits.stream().filter(s -> s.input() == input).toList();
      out.printf(Locale.ROOT, "  %s: %d files, %.1f MB%n", recipe.inputs().get(i).path(), mine.stream().mapToInt(s -> s.paths().size()).sum(),
          mine.stream().mapToLong(FileSplit::size).sum() / 1e6);
    }
    List<NamedStage> perDocument = recipe.stages().stream().filter(s -> !(s.stage() instanceof GlobalStage)).toList();
    List<String> skipped = recipe.stages().stream().filter(s -> s.stage() instanceof GlobalStage).map(NamedStage::accountName).toList();
    TaskReports ctx = new TaskReports(0, new ReadProgress(), null, List.of(Profiler.ACCUMULATOR, StageTimes.ACCUMULATOR));
    ctx.stats(LineReader.STAGE);
    perDocument.forEach(s -> ctx.stats(s.accountName()));
    RecordParser parser = new RecordParser(recipe.inputs(), Redaction.of(recipe));
    StageChain chain = new StageChain(perDocument, new Profiler(perDocument.stream().map(NamedStage::accountName).toList(), null, false, null),
        Pipeline.WRITE);
    LineReader reader = new LineReader();
    int[] files = new int[recipe.inputs().size()];
    for (FileSplit split : splits) {
      for (String path : split.paths()) {
        if (files[split.input()]++ >= FILES) {
          continue;
        }
        // One file at a time, so every file gives its first records.
        try (CloseableIterator<RawRecord> records = reader.open(new FileSplit(split.input(), List.of(path), 0), ctx)) {
          for (int n = 0; n < recordsPerFile && records.hasNext(); n++) {
            List<Document> docs = new ArrayList<>();
            parser.apply(records.next(), docs::add, ctx);
            for (Document d : docs) {
              chain.apply(d, x -> {}, ctx);
            }
          }
        }
      }
    }
    RunStats stats = ctx.runStats();
    out.printf(Locale.ROOT, "the first %,d records of the first %d files of each input, through the per-document stages%s:%n", recordsPerFile, FILES,
        skipped.isEmpty() ? "" : " (global stages skipped: " + String.join(", ", skipped) + ")");
    stats.stages().forEach((name, s) -> out.printf(Locale.ROOT, "  %-20s %8d in %8d kept  %7s  %s%n", name, s.inCount(), s.keptCount(),
        Percent.of(s.keptCount(), s.inCount()), reasons(s)));
    return stats;
  }

  private static String reasons(StageStats s) {
    StringBuilder b = new StringBuilder();
    s.droppedByReason().forEach((r, n) -> b.append(b.length() > 0 ? ", " : "").append(r).append('=').append(n));
    if (s.quarantinedCount() > 0) {
      b.append(b.length() > 0 ? ", " : "").append("quarantined=").append(s.quarantinedCount());
    }
    return b.toString();
  }
}
