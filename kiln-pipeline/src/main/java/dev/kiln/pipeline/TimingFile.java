package dev.kiln.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kiln.core.engine.ActivityTime;
import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stage.GlobalStage;
import dev.kiln.core.util.Json;
import dev.kiln.io.LineReader;
import dev.kiln.io.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code timing.json}: where a run's time went, per stage: wall and CPU seconds, and the text it read
 * in MB with the rate. The one file of a run that depends on the clock (so it stays out of
 * {@code stats.json}): two runs of the same recipe write the same data and different times.
 *
 * <p>How it is measured: reading, each global stage and the final write are engine activities, timed
 * step by step (wall clock, and the JVM's CPU, all threads; on a Spark cluster the executors' CPU is
 * not seen, {@code cpu_s} is then null). Per-document stages run inside those steps (the ones after
 * reading or a global stage, in its activity); the time inside each is measured around every call,
 * summed over threads ({@code cpu_s}), and its wall time is the activity's wall time in proportion
 * to it. An activity's own times are what is left of its steps' times.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TimingFile(double wallS, Double cpuS, int steps, int stepsResumed, LinkedHashMap<String, Stage> stages) {
  public static final String NAME = "timing.json";

  /** One stage's time: wall and CPU seconds (null where unknown), text MB in, MB/s of wall time. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Stage(Double wallS, Double cpuS, double mbIn, Double mbPerS) {}

  static TimingFile of(Recipe recipe, Map<String, ActivityTime> activities, StageTimes inside, double wallS) {
    // The run's order: read, its per-document stages, a global stage, its per-document stages, ..., write.
    List<List<String>> segments = new ArrayList<>();
    List<String> current = new ArrayList<>(List.of(LineReader.STAGE));
    for (Recipe.NamedStage s : recipe.stages()) {
      if (s.stage() instanceof GlobalStage) {
        segments.add(current);
        current = new ArrayList<>(List.of(s.accountName()));
      } else {
        current.add(s.accountName());
      }
    }
    segments.add(current);
    LinkedHashMap<String, Stage> stages = new LinkedHashMap<>();
    ActivityTime total = new ActivityTime(0, 0, 0, 0);
    for (int i = 0; i < segments.size(); i++) {
      List<String> seg = segments.get(i);
      // A segment's per-document stages run in its activity, save the last segment's: in the final write.
      ActivityTime own = activities.getOrDefault(seg.get(0), new ActivityTime(0, 0, 0, 0));
      ActivityTime chain = i == segments.size() - 1 ? activities.getOrDefault(Pipeline.WRITE, new ActivityTime(0, 0, 0, 0)) : own;
      total = total.plus(own);
      double chainCpu = chain.cpuNanos() / 1e9;
      double chainWall = chain.wallNanos() / 1e9;
      double inStages = 0;
      double inStagesWall = 0;
      Map<String, Stage> perDoc = new LinkedHashMap<>();
      for (String name : seg.subList(1, seg.size())) {
        double cpu = inside.nanos(name) / 1e9;
        Double wall = chainCpu > 0 ? chainWall * Math.min(1, cpu / chainCpu) : null;
        inStages += cpu;
        inStagesWall += wall == null ? 0 : wall;
        perDoc.put(name, stage(wall, cpu, inside.textBytes(name)));
      }
      boolean chainInOwn = chain == own;
      double ownWall = own.wallNanos() / 1e9 - (chainInOwn ? inStagesWall : 0);
      Double ownCpu = own.cpuNanos() > 0 ? Math.max(0, own.cpuNanos() / 1e9 - (chainInOwn ? inStages : 0)) : null;
      stages.put(seg.get(0), stage(Math.max(0, ownWall), ownCpu, inside.textBytes(seg.get(0))));
      stages.putAll(perDoc);
    }
    ActivityTime write = activities.getOrDefault(Pipeline.WRITE, new ActivityTime(0, 0, 0, 0));
    total = total.plus(write);
    double writeCpu = write.cpuNanos() / 1e9;
    double lastChainCpu = 0;
    double lastChainWall = 0;
    for (String name : segments.get(segments.size() - 1).subList(1, segments.get(segments.size() - 1).size())) {
      lastChainCpu += stages.get(name).cpuS();
      lastChainWall += stages.get(name).wallS() == null ? 0 : stages.get(name).wallS();
    }
    stages.put(Pipeline.WRITE, stage(Math.max(0, write.wallNanos() / 1e9 - lastChainWall),
        write.cpuNanos() > 0 ? Math.max(0, writeCpu - lastChainCpu) : null, inside.textBytes(Pipeline.WRITE)));
    return new TimingFile(round(wallS), total.cpuNanos() > 0 ? round(total.cpuNanos() / 1e9) : null, total.steps(), total.stepsSkipped(), stages);
  }

  private static Stage stage(Double wall, Double cpu, long textBytes) {
    double mb = textBytes / 1e6;
    return new Stage(wall == null ? null : round(wall), cpu == null ? null : round(cpu), round(mb),
        wall == null || wall <= 0 ? null : round(mb / wall));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  void write(String outputDir) throws IOException {
    Storage.of(outputDir).write(Storage.resolve(outputDir, NAME), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
  }

  /** The timing of the run in {@code outputDir}; null when it has none. */
  public static TimingFile read(String outputDir) throws IOException {
    Storage storage = Storage.of(outputDir);
    String file = Storage.resolve(outputDir, NAME);
    return storage.exists(file) ? Json.MAPPER.readValue(storage.readAllBytes(file), TimingFile.class) : null;
  }
}
