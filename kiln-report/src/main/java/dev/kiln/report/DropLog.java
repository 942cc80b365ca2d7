package dev.kiln.report;

import dev.kiln.core.stats.DropRecord;
import dev.kiln.pipeline.profile.Profiler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dedup cluster sizes from the drop log ({@link DropRecord}): a document dropped as a duplicate
 * belongs to the cluster of the kept twin its detail names. Streams the log once in bounded memory: it keeps the clusters
 * with the {@value #CLUSTERS} smallest id hashes (a uniform sample of clusters, the same whatever the
 * file order) with their exact sizes, and estimates how many clusters there are.
 */
final class DropLog {
  static final int CLUSTERS = 8192;

  private DropLog() {}

  /** Per stage with twins: sizes of sampled clusters, estimated totals. */
  static Map<String, Map<String, Object>> clusters(Path dir) throws IOException {
    Map<String, Sampler> byStage = new TreeMap<>();
    DropRecord.forEach(dir, d -> {
      if (d.detail() != null && !d.detail().isEmpty() && TWINS.contains(d.reason())) {
        byStage.computeIfAbsent(d.stage(), k -> new Sampler()).add(d.detail());
      }
    });
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    byStage.forEach((stage, s) -> out.put(stage, s.summary()));
    return out;
  }

  /** Drop reasons whose detail is the kept twin's id (dedup stages), so the drops form clusters. */
  static final java.util.Set<String> TWINS = java.util.Set.of("duplicate", "near_duplicate");

  /** Bottom-k of distinct cluster ids by unsigned hash, counting drops per sampled cluster. */
  static final class Sampler {
    private final TreeMap<Long, Entry> sample = new TreeMap<>(Long::compareUnsigned);
    private final HashMap<String, Entry> byId = new HashMap<>();
    private long drops;

    private static final class Entry {
      final String id;
      long drops;

      Entry(String id) {
        this.id = id;
      }
    }

    void add(String cluster) {
      drops++;
      Entry e = byId.get(cluster);
      if (e == null) {
        long h = Profiler.hash(cluster);
        if (sample.size() >= CLUSTERS && Long.compareUnsigned(h, sample.lastKey()) >= 0) {
          return;
        }
        if (sample.containsKey(h)) {
          return; // a 64-bit collision: count the first id only
        }
        e = new Entry(cluster);
        sample.put(h, e);
        byId.put(cluster, e);
        if (sample.size() > CLUSTERS) {
          Entry gone = sample.pollLastEntry().getValue();
          byId.remove(gone.id);
        }
      }
      e.drops++;
    }

    Map<String, Object> summary() {
      TreeMap<Long, Long> sizes = new TreeMap<>();
      for (Entry e : sample.values()) {
        sizes.merge(e.drops + 1, 1L, Long::sum);
      }
      boolean exact = sample.size() < CLUSTERS;
      double clusters = exact ? sample.size() : (CLUSTERS - 1) / (unsigned(sample.lastKey()) / 0x1p64);
      double scale = sample.isEmpty() ? 0 : clusters / sample.size();
      List<Map<String, Object>> rows = new ArrayList<>();
      sizes.forEach((size, n) -> {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("size", size);
        r.put("clusters", Math.round(n * scale));
        rows.add(r);
      });
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dropped", drops);
      m.put("clusters", Math.round(clusters));
      m.put("exact", exact);
      m.put("sampled_clusters", sample.size());
      m.put("sizes", rows);
      long largest = sizes.isEmpty() ? 0 : sizes.lastKey();
      m.put("largest_sampled", largest);
      return m;
    }

    private static double unsigned(long h) {
      return h >= 0 ? h : 0x1p64 + h;
    }
  }
}
