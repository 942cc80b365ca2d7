package dev.kiln.report;

import dev.kiln.core.stats.StageStats;
import dev.kiln.io.ShardManifest;
import dev.kiln.pipeline.StatsFile;
import dev.kiln.pipeline.profile.Breakdown;
import dev.kiln.pipeline.profile.ProfileFile;
import dev.kiln.pipeline.profile.Profiler;
import dev.kiln.pipeline.profile.SampledDoc;
import dev.kiln.core.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The data a report draws, from a run's output directory alone: {@code stats.json} (required),
 * {@code profile.json} (samples; sections that need it say so when it is missing), shard manifests,
 * the drop and quarantine logs, and what kiln-pack wrote (mix reports, pack.json, packed shards).
 * Deterministic: the same directory gives the same model, with no absolute paths or times in it.
 */
final class ReportModel {
  /** Quarantined records shown. */
  static final int QUARANTINE_SAMPLES = 12;

  private ReportModel() {}

  static Map<String, Object> build(Path dir) throws IOException {
    StatsFile stats = StatsFile.read(dir.toString());
    if (stats == null) {
      throw new NoSuchFileException(dir.resolve(StatsFile.NAME).toString(), null, "no stats.json: not the output directory of a finished kiln run");
    }
    Path profileFile = dir.resolve(ProfileFile.NAME);
    ProfileFile profile = Files.exists(profileFile) ? ProfileFile.read(Files.readAllBytes(profileFile)) : null;
    Map<String, StageStats.Counts> stages = stats.stages();
    Map<String, ProfileFile.Section> profiles = profile == null ? Map.of() : profile.stages();

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("summary", summary(dir, stats, profile));
    model.put("funnel", funnel(stages, profiles));
    model.put("composition", composition(profiles));
    model.put("stages", stageSections(stages, profiles));
    model.put("dedup", dedup(dir, stages));
    model.put("mix", Packing.mixes(dir));
    List<Map<String, Object>> packs = new ArrayList<>();
    for (Path p : Packing.packDirs(dir)) {
      packs.add(Packing.pack(dir, p));
    }
    model.put("pack", packs);
    model.put("samples", samples(profiles));
    model.put("quarantine", quarantine(dir, stages));
    return model;
  }

  private static Map<String, Object> summary(Path dir, StatsFile stats, ProfileFile profile) throws IOException {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("recipe", stats.recipe());
    s.put("seed", stats.seed());
    s.put("documents_in", stats.documentsIn());
    s.put("documents_out", stats.documentsOut());
    if (stats.tokens() != null) {
      s.put("tokens", stats.tokens());
    }
    s.put("quarantine_rate", stats.quarantineRate());
    long shards = 0;
    long bytes = 0;
    long fileBytes = 0;
    for (ShardManifest m : ShardManifest.list(dir)) {
      shards++;
      bytes += m.bytes();
      fileBytes += m.fileBytes();
    }
    s.put("shards", shards);
    s.put("bytes_out", bytes);
    s.put("file_bytes_out", fileBytes);
    s.put("profile", profile != null);
    if (profile != null) {
      s.put("limits", profile.limits());
    }
    return s;
  }

  /** Documents through each stage (in, kept, dropped by reason, quarantined), and tokens where counted. */
  private static Map<String, Object> funnel(Map<String, StageStats.Counts> stages, Map<String, ProfileFile.Section> profiles) {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> tokens = new ArrayList<>();
    stages.forEach((name, s) -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stage", name);
      r.put("kind", kind(name, profiles));
      r.put("in", s.in());
      r.put("kept", s.kept());
      r.put("dropped", s.dropped());
      r.put("quarantined", s.quarantined());
      r.put("reasons", s.droppedByReason());
      Map<String, Long> counters = s.counters() == null ? Map.of() : s.counters();
      r.put("counters", counters);
      rows.add(r);
      if (counters.containsKey("tokens")) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("stage", name);
        t.put("tokens", counters.get("tokens"));
        tokens.add(t);
      }
    });
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("stages", rows);
    f.put("tokens", tokens);
    return f;
  }

  private static String kind(String stage, Map<String, ProfileFile.Section> profiles) {
    ProfileFile.Section p = profiles.get(stage);
    return p != null ? p.kind() : stage.equals("read") ? "read" : "";
  }

  /** Documents, characters and tokens by source, lang and domain: as read, and as written. */
  private static List<Map<String, Object>> composition(Map<String, ProfileFile.Section> profiles) {
    Map<String, TreeMap<String, Breakdown.Counts>> before = null;
    Map<String, TreeMap<String, Breakdown.Counts>> after = null;
    String afterStage = null;
    for (Map.Entry<String, ProfileFile.Section> e : profiles.entrySet()) {
      Map<String, TreeMap<String, Breakdown.Counts>> b = e.getValue().breakdown();
      if (b == null) {
        continue;
      }
      if (before == null) {
        before = b;
      }
      after = b;
      afterStage = e.getKey();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    if (before == null) {
      return out;
    }
    Breakdown.Counts none = new Breakdown.Counts(0, 0, 0);
    for (String key : Breakdown.KEYS) {
      if (!before.containsKey(key) && !after.containsKey(key)) {
        continue;
      }
      Map<String, Breakdown.Counts> b = before.getOrDefault(key, new TreeMap<>());
      Map<String, Breakdown.Counts> a = after.getOrDefault(key, new TreeMap<>());
      TreeMap<String, Boolean> values = new TreeMap<>();
      b.keySet().forEach(v -> values.put(v, true));
      a.keySet().forEach(v -> values.put(v, true));
      if (values.size() == 1 && values.containsKey(Breakdown.NONE)) {
        continue; // no document carries this key
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String v : values.keySet()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("value", v);
        r.put("before", b.getOrDefault(v, none));
        r.put("after", a.getOrDefault(v, none));
        rows.add(r);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", key);
      m.put("after_stage", afterStage);
      m.put("values", rows);
      out.add(m);
    }
    return out;
  }

  /** Per stage: parameters, counts, and a histogram of every measured value with its thresholds. */
  private static List<Map<String, Object>> stageSections(Map<String, StageStats.Counts> stages, Map<String, ProfileFile.Section> profiles) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> seenColumns = new ArrayList<>();
    int chartNo = 0;
    for (Map.Entry<String, StageStats.Counts> e : stages.entrySet()) {
      String name = e.getKey();
      StageStats.Counts s = e.getValue();
      ProfileFile.Section p = profiles.get(name);
      Map<String, Object> sec = new LinkedHashMap<>();
      sec.put("stage", name);
      sec.put("kind", kind(name, profiles));
      sec.put("type", p != null && p.stage() != null ? p.stage() : name);
      Map<String, Object> params = p == null || p.params() == null ? Map.of() : p.params();
      sec.put("params", params);
      sec.put("in", s.in());
      sec.put("kept", s.kept());
      sec.put("dropped", s.dropped());
      sec.put("quarantined", s.quarantined());
      List<Map<String, Object>> charts = new ArrayList<>();
      ProfileFile.Rows rows = p == null ? null : p.rows();
      if (rows != null) {
        double keptScale = rows.kept().isEmpty() ? 0 : (double) s.kept() / rows.kept().size();
        double droppedScale = rows.dropped().isEmpty() ? 0 : (double) s.dropped() / rows.dropped().size();
        List<String> ordered = new ArrayList<>();
        for (String first : List.of(Profiler.CHARS, Profiler.CHARS_OUT)) {
          if (rows.columns().contains(first)) {
            ordered.add(first);
          }
        }
        rows.columns().stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        for (String col : ordered) {
          List<Double> k = rows.kept(col);
          Map<String, List<Double>> d = new TreeMap<>(rows.dropped(col));
          Map<String, Object> c = Histograms.chart("h" + (chartNo++), name, col, new Histograms.Sample(k, d, keptScale, droppedScale),
              Histograms.thresholds(col, params, p.bounds()));
          if (c != null) {
            c.put("repeated", !col.equals(Profiler.CHARS) && seenColumns.contains(col));
            if (d.isEmpty() && s.dropped() > 0 && !rows.dropped().isEmpty()) {
              c.put("note", "no sampled dropped document (of " + Histograms.fmt(rows.dropped().size())
                  + ") has this measure: dropped before it was measured, or nothing to measure");
            }
            charts.add(c);
          }
          if (!seenColumns.contains(col)) {
            seenColumns.add(col);
          }
        }
        sec.put("sampled_kept", rows.kept().size());
        sec.put("sampled_dropped", rows.dropped().size());
      }
      sec.put("charts", charts);
      out.add(sec);
    }
    return out;
  }

  /** Cluster sizes of every stage whose drops name a kept twin. */
  private static List<Map<String, Object>> dedup(Path dir, Map<String, StageStats.Counts> stages) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Map<String, Object>> clusters = DropLog.clusters(dir);
    for (String stage : stages.keySet()) {
      Map<String, Object> c = clusters.get(stage);
      if (c == null) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", stage);
      m.putAll(c);
      m.put("kept", stages.get(stage).kept());
      m.put("in", stages.get(stage).in());
      out.add(m);
    }
    return out;
  }

  /** Sampled documents for the viewer, in pipeline order: kept, then each drop reason. */
  private static List<Map<String, Object>> samples(Map<String, ProfileFile.Section> profiles) {
    List<Map<String, Object>> out = new ArrayList<>();
    profiles.forEach((stage, p) -> {
      if (p.docs() == null) {
        return;
      }
      for (SampledDoc d : p.docs().kept()) {
        out.add(sample(stage, p, "kept", d));
      }
      p.docs().dropped().forEach((reason, list) -> list.forEach(d -> out.add(sample(stage, p, "dropped", d))));
    });
    return out;
  }

  private static Map<String, Object> sample(String stage, ProfileFile.Section p, String outcome, SampledDoc d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", stage);
    m.put("kind", p.kind());
    m.put("outcome", outcome);
    m.put("reason", d.reason());
    m.put("id", d.id());
    if (d.detail() != null) {
      m.put("detail", d.detail());
    }
    m.put("chars", d.chars() >= 0 ? d.chars() : null);
    m.put("text", d.text());
    m.put("meta", d.meta());
    return m;
  }

  /** Quarantined records: counts by stage and error kind, and the first few. */
  private static Map<String, Object> quarantine(Path dir, Map<String, StageStats.Counts> stages) throws IOException {
    Map<String, Object> q = new LinkedHashMap<>();
    long total = 0;
    for (StageStats.Counts s : stages.values()) {
      total += s.quarantined();
    }
    q.put("count", total);
    Path qdir = dir.resolve("quarantine");
    TreeMap<String, Long> byError = new TreeMap<>();
    List<Map<String, Object>> samples = new ArrayList<>();
    if (Files.isDirectory(qdir)) {
      List<Path> files;
      try (Stream<Path> s = Files.list(qdir)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
      }
      for (Path f : files) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          for (String line; (line = r.readLine()) != null; ) {
            Map<String, Object> m = Json.MAPPER.readValue(line, Json.MAP);
            String error = String.valueOf(m.get("error"));
            String kind = m.get("stage") + ": " + error.replaceAll("\\d+", "N").replaceAll("(?s)^(.{0,80}).*$", "$1");
            byError.merge(kind, 1L, Long::sum);
            if (samples.size() < QUARANTINE_SAMPLES) {
              Map<String, Object> x = new LinkedHashMap<>(m);
              if (x.get("file") instanceof String file) {
                x.put("file", Path.of(file).getFileName().toString());
              }
              samples.add(x);
            }
          }
        }
      }
    }
    q.put("by_error", byError);
    q.put("samples", samples);
    return q;
  }

  static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0L;
  }
}
