package dev.kiln.pipeline;

import dev.kiln.core.Document;
import dev.kiln.core.engine.Codecs;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.Engine;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.recipe.Recipe.NamedStage;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.stage.StageContext;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import dev.kiln.io.FileSplit;
import dev.kiln.io.Inputs;
import dev.kiln.io.LineReader;
import dev.kiln.io.RawRecord;
import dev.kiln.io.RecordParser;
import dev.kiln.io.ShardWriter;
import dev.kiln.pipeline.profile.Profiler;
import java.util.ArrayList;
import java.util.List;

/**
 * A recipe as a plan on an engine: read and parse the inputs, run consecutive per-document stages
 * as one fused map, hand the dataset to each global stage, and give the result to a sink.
 */
public final class Pipeline {
  /**
   * The last engine activity: the final step, which runs the last phase of the last global stage,
   * the per-document stages after it, and writes the shards.
   */
  public static final String WRITE = "write";

  private Pipeline() {}

  /** Splits the recipe reads, in order (one partition each). */
  public static List<FileSplit> splits(Recipe recipe) {
    return Inputs.splits(recipe.inputs());
  }

  /** Builds the plan and runs it into shards; returns the run's accounting. */
  public static RunStats run(Recipe recipe, Engine engine, ShardWriter sink) {
    // Stages are registered in recipe order so tables and stats.json list them that way.
    RunStats stats = engine.stats();
    stats.stage(LineReader.STAGE);
    recipe.stages().forEach(s -> stats.stage(s.accountName()));

    engine.register(Profiler.ACCUMULATOR);
    engine.register(StageTimes.ACCUMULATOR);
    engine.activity(LineReader.STAGE);
    RecordParser parser = new RecordParser(recipe.inputs(), Redaction.of(recipe));
    Dataset<Document> docs = engine.read(splits(recipe), new LineReader(), RawRecord.CODEC).flatMap((r, out, ctx) -> {
      long start = System.nanoTime();
      parser.apply(r, out, ctx);
      ctx.accumulator(StageTimes.ACCUMULATOR).add(LineReader.STAGE, System.nanoTime() - start, r.bytes().length);
    }, Codecs.DOCUMENT);
    // Every run of per-document stages becomes one StageChain, whose profiler also samples the output
    // of the stage before it (read, or a global stage); the first breaks down what was read by
    // source, language and domain, the last what is written.
    List<NamedStage> chain = new ArrayList<>();
    String before = LineReader.STAGE;
    String last = recipe.stages().isEmpty() ? LineReader.STAGE : recipe.stages().get(recipe.stages().size() - 1).accountName();
    for (NamedStage s : recipe.stages()) {
      if (s.stage() instanceof GlobalStage g) {
        // What the stage reads is computed first, still under the stage before it (reading, or the
        // last phase of the global stage before), so each global stage's engine time is its own.
        docs = docs.flatMap(chain(chain, before, null, s.accountName()), Codecs.DOCUMENT).checkpoint();
        chain.clear();
        engine.activity(s.accountName());
        docs = g.apply(docs, new StageContext(s.accountName(), recipe.seed(), recipe.engine().shufflePartitions(),
            recipe.output().location()));
        before = s.accountName();
      } else {
        chain.add(s);
      }
    }
    engine.activity(WRITE);
    docs.flatMap(chain(chain, before, last, WRITE), Codecs.DOCUMENT)
        .flatMap(ShardWriter.ENCODE, Codecs.BYTES).foreachPartition(sink);
    return stats;
  }

  private static StageChain chain(List<NamedStage> stages, String entry, String exit, String next) {
    List<String> names = stages.stream().map(NamedStage::accountName).toList();
    return new StageChain(stages, new Profiler(names, entry, entry.equals(LineReader.STAGE), exit), next);
  }

  /** Share of input records quarantined while reading and parsing. */
  public static double quarantineRate(RunStats stats) {
    StageStats read = stats.stages().get(LineReader.STAGE);
    return read == null || read.inCount() == 0 ? 0 : (double) read.quarantinedCount() / read.inCount();
  }

  /**
   * Tokens written: the "tokens" counter of the last stage that counts tokens (stages after a
   * tokenizer may drop or split documents, and count what they pass on). Empty when none does.
   */
  public static java.util.OptionalLong tokensOut(RunStats stats) {
    java.util.OptionalLong t = java.util.OptionalLong.empty();
    for (StageStats s : stats.stages().values()) {
      if (s.counters().containsKey("tokens")) {
        t = java.util.OptionalLong.of(s.counter("tokens"));
      }
    }
    return t;
  }

  /** Documents that reached the end of the pipeline. */
  public static long documentsOut(RunStats stats) {
    List<StageStats> all = new ArrayList<>(stats.stages().values());
    return all.isEmpty() ? 0 : all.get(all.size() - 1).keptCount();
  }
}
