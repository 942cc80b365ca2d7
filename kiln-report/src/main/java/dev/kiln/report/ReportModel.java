package dev.kiln.report;

import dev.kiln.core.stats.StageProfile;
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

  @SuppressWarnings("unchecked")
  static Map<String, Object> build(Path dir) throws IOException {
    Path statsFile = dir.resolve("stats.json");
    if (!Files.exists(statsFile)) {
      throw new NoSuchFileException(statsFile.toString(), null, "no stats.json: not the output directory of a finished kiln run");
    }
    Map<String, Object> stats = Json.MAPPER.readValue(statsFile.toFile(), Json.MAP);
    Path profileFile = dir.resolve("profile.json");
    Map<String, Object> profile = Files.exists(profileFile) ? Json.MAPPER.readValue(profileFile.toFile(), Json.MAP) : null;
    Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) stats.getOrDefault("stages", Map.of());
    Map<String, Map<String, Object>> profiles = profile == null ? Map.of()
        : (Map<String, Map<String, Object>>) profile.getOrDefault("stages", Map.of());

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("summary", summary(dir, stats, profile));
    model.put("funnel", funnel(stages, profiles));
    model.put("composition", composition(stages, profiles));
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

  private static Map<String, Object> summary(Path dir, Map<String, Object> stats, Map<String, Object> profile) throws IOException {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("recipe", stats.get("recipe"));
    s.put("seed", stats.get("seed"));
    s.put("documents_in", stats.get("documents_in"));
    s.put("documents_out", stats.get("documents_out"));
    if (stats.containsKey("tokens")) {
      s.put("tokens", stats.get("tokens"));
    }
    s.put("quarantine_rate", stats.get("quarantine_rate"));
    long shards = 0;
    long bytes = 0;
    long fileBytes = 0;
    List<Path> manifests;
    try (Stream<Path> st = Files.list(dir)) {
      manifests = st.filter(p -> p.getFileName().toString().matches("part-\\d+\\.manifest\\.json")).sorted().toList();
    }
    for (Path m : manifests) {
      Map<String, Object> man = Json.MAPPER.readValue(m.toFile(), Json.MAP);
      shards++;
      bytes += num(man.get("bytes"));
      fileBytes += num(man.get("file_bytes"));
    }
    s.put("shards", shards);
    s.put("bytes_out", bytes);
    s.put("file_bytes_out", fileBytes);
    s.put("profile", profile != null);
    if (profile != null) {
      s.put("limits", profile.get("limits"));
    }
    return s;
  }

  /** Documents through each stage (in, kept, dropped by reason, quarantined), and tokens where counted. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> funnel(Map<String, Map<String, Object>> stages, Map<String, Map<String, Object>> profiles) {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> tokens = new ArrayList<>();
    stages.forEach((name, s) -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stage", name);
      Map<String, Object> p = profiles.getOrDefault(name, Map.of());
      r.put("kind", p.getOrDefault("kind", name.equals("read") ? "read" : ""));
      r.put("in", num(s.get("in")));
      r.put("kept", num(s.get("kept")));
      r.put("dropped", num(s.get("dropped")));
      r.put("quarantined", num(s.get("quarantined")));
      r.put("reasons", s.getOrDefault("dropped_by_reason", Map.of()));
      Map<String, Object> counters = (Map<String, Object>) s.getOrDefault("counters", Map.of());
      r.put("counters", counters);
      rows.add(r);
      if (counters.containsKey("tokens")) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("stage", name);
        t.put("tokens", num(counters.get("tokens")));
        tokens.add(t);
      }
    });
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("stages", rows);
    f.put("tokens", tokens);
    return f;
  }

  /** Documents, characters and tokens by source, lang and domain: as read, and as written. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> composition(Map<String, Map<String, Object>> stages, Map<String, Map<String, Object>> profiles) {
    Map<String, Object> before = null;
    Map<String, Object> after = null;
    String afterStage = null;
    for (Map.Entry<String, Map<String, Object>> e : profiles.entrySet()) {
      Object b = e.getValue().get("breakdown");
      if (b == null) {
        continue;
      }
      if (before == null) {
        before = (Map<String, Object>) b;
      }
      after = (Map<String, Object>) b;
      afterStage = e.getKey();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    if (before == null) {
      return out;
    }
    TreeMap<String, Object> keys = new TreeMap<>();
    keys.putAll(before);
    keys.putAll(after);
    for (String key : StageProfile.BREAKDOWN_KEYS) {
      if (!keys.containsKey(key)) {
        continue;
      }
      Map<String, Object> b = (Map<String, Object>) before.getOrDefault(key, Map.of());
      Map<String, Object> a = (Map<String, Object>) after.getOrDefault(key, Map.of());
      TreeMap<String, Boolean> values = new TreeMap<>();
      b.keySet().forEach(v -> values.put(v, true));
      a.keySet().forEach(v -> values.put(v, true));
      if (values.size() == 1 && values.containsKey(StageProfile.NONE)) {
        continue; // no document carries this key
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String v : values.keySet()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("value", v);
        r.put("before", b.getOrDefault(v, Map.of("documents", 0, "chars", 0, "tokens", 0)));
        r.put("after", a.getOrDefault(v, Map.of("documents", 0, "chars", 0, "tokens", 0)));
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
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> stageSections(Map<String, Map<String, Object>> stages, Map<String, Map<String, Object>> profiles) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> seenColumns = new ArrayList<>();
    int chartNo = 0;
    for (Map.Entry<String, Map<String, Object>> e : stages.entrySet()) {
      String name = e.getKey();
      Map<String, Object> s = e.getValue();
      Map<String, Object> p = profiles.getOrDefault(name, Map.of());
      Map<String, Object> sec = new LinkedHashMap<>();
      sec.put("stage", name);
      sec.put("kind", p.getOrDefault("kind", name.equals("read") ? "read" : ""));
      sec.put("type", p.getOrDefault("stage", name));
      Map<String, Object> params = (Map<String, Object>) p.getOrDefault("params", Map.of());
      sec.put("params", params);
      sec.put("in", num(s.get("in")));
      sec.put("kept", num(s.get("kept")));
      sec.put("dropped", num(s.get("dropped")));
      sec.put("quarantined", num(s.get("quarantined")));
      List<Map<String, Object>> charts = new ArrayList<>();
      Map<String, Object> rows = (Map<String, Object>) p.get("rows");
      if (rows != null) {
        List<String> cols = (List<String>) rows.get("columns");
        List<List<Object>> kept = (List<List<Object>>) rows.getOrDefault("kept", List.of());
        List<List<Object>> dropped = (List<List<Object>>) rows.getOrDefault("dropped", List.of());
        double keptScale = kept.isEmpty() ? 0 : (double) num(s.get("kept")) / kept.size();
        double droppedScale = dropped.isEmpty() ? 0 : (double) num(s.get("dropped")) / dropped.size();
        List<String> ordered = new ArrayList<>();
        if (cols.contains(StageProfile.CHARS)) {
          ordered.add(StageProfile.CHARS);
        }
        if (cols.contains(StageProfile.CHARS_OUT)) {
          ordered.add(StageProfile.CHARS_OUT);
        }
        cols.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        for (String col : ordered) {
          int i = cols.indexOf(col);
          List<Double> k = new ArrayList<>();
          for (List<Object> r : kept) {
            if (r.get(i + 2) instanceof Number n) {
              k.add(n.doubleValue());
            }
          }
          Map<String, List<Double>> d = new TreeMap<>();
          for (List<Object> r : dropped) {
            if (r.get(i + 2) instanceof Number n) {
              d.computeIfAbsent(String.valueOf(r.get(1)), x -> new ArrayList<>()).add(n.doubleValue());
            }
          }
          Map<String, Object> c = Histograms.chart("h" + (chartNo++), name, col, new Histograms.Sample(k, d, keptScale, droppedScale),
              Histograms.thresholds(col, params));
          if (c != null) {
            c.put("repeated", !col.equals(StageProfile.CHARS) && seenColumns.contains(col));
            if (d.isEmpty() && num(s.get("dropped")) > 0 && !dropped.isEmpty()) {
              c.put("note", "no sampled dropped document (of " + Histograms.fmt(dropped.size())
                  + ") has this measure: dropped before it was measured, or nothing to measure");
            }
            charts.add(c);
          }
          if (!seenColumns.contains(col)) {
            seenColumns.add(col);
          }
        }
        sec.put("sampled_kept", kept.size());
        sec.put("sampled_dropped", dropped.size());
      }
      sec.put("charts", charts);
      out.add(sec);
    }
    return out;
  }

  /** Cluster sizes of every stage whose drops name a kept twin. */
  private static List<Map<String, Object>> dedup(Path dir, Map<String, Map<String, Object>> stages) throws IOException {
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
      m.put("kept", num(stages.get(stage).get("kept")));
      m.put("in", num(stages.get(stage).get("in")));
      out.add(m);
    }
    return out;
  }

  /** Sampled documents for the viewer, in pipeline order: kept, then each drop reason. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> samples(Map<String, Map<String, Object>> profiles) {
    List<Map<String, Object>> out = new ArrayList<>();
    profiles.forEach((stage, p) -> {
      Map<String, Object> docs = (Map<String, Object>) p.get("docs");
      if (docs == null) {
        return;
      }
      for (Object o : (List<Object>) docs.getOrDefault("kept", List.of())) {
        out.add(sample(stage, p, "kept", (Map<String, Object>) o));
      }
      ((Map<String, Object>) docs.getOrDefault("dropped", Map.of())).forEach((reason, list) -> {
        for (Object o : (List<Object>) list) {
          out.add(sample(stage, p, "dropped", (Map<String, Object>) o));
        }
      });
    });
    return out;
  }

  private static Map<String, Object> sample(String stage, Map<String, Object> p, String outcome, Map<String, Object> d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", stage);
    m.put("kind", p.getOrDefault("kind", ""));
    m.put("outcome", outcome);
    m.put("reason", d.get("reason"));
    m.put("id", d.get("id"));
    if (d.containsKey("detail")) {
      m.put("detail", d.get("detail"));
    }
    m.put("chars", d.get("chars"));
    m.put("text", d.get("text"));
    m.put("meta", d.getOrDefault("meta", Map.of()));
    return m;
  }

  /** Quarantined records: counts by stage and error kind, and the first few. */
  private static Map<String, Object> quarantine(Path dir, Map<String, Map<String, Object>> stages) throws IOException {
    Map<String, Object> q = new LinkedHashMap<>();
    long total = 0;
    for (Map<String, Object> s : stages.values()) {
      total += num(s.get("quarantined"));
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
