package dev.kiln.pack.order;

import dev.kiln.core.Document;
import dev.kiln.core.engine.PartitionFunction;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.pack.TokenIds;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Reorders a partition's stream as little as needed so that members of one near-duplicate cluster
 * (metadata {@code clusterKey}; a document without one is its own cluster, so repeated copies of
 * it count too) are at least {@code gap} tokens apart: a document that comes too soon waits in a
 * queue and is placed as soon as the gap allows; documents that still wait at the end are placed
 * anyway and counted as {@code cluster_gap_violations}. Streaming: memory is the waiting documents.
 */
public final class ClusterSpacer implements PartitionFunction<Document, Document> {
  private static final long serialVersionUID = 1L;

  private final String clusterKey;
  private final long gap;
  private final String stage;

  public ClusterSpacer(String clusterKey, long gap, String stage) {
    this.clusterKey = clusterKey;
    this.gap = gap;
    this.stage = stage;
  }

  private record Waiting(long readyAt, long seq, Document doc, String cluster) {}

  @Override
  public Iterator<Document> apply(int partition, Iterator<Document> in, TaskContext ctx) {
    return new Iterator<Document>() {
      final ArrayDeque<Document> ready = new ArrayDeque<>();
      final PriorityQueue<Waiting> waiting = new PriorityQueue<>((a, b) -> a.readyAt != b.readyAt ? Long.compare(a.readyAt, b.readyAt) : Long.compare(a.seq, b.seq));
      final Map<String, Long> lastEnd = new HashMap<>();
      long pos;
      long seq;

      private String cluster(Document d) {
        Object c = clusterKey.isEmpty() ? null : d.meta(clusterKey);
        return c == null ? "id:" + d.id() : "c:" + c;
      }

      private long readyAt(String c) {
        Long end = lastEnd.get(c);
        return end == null ? Long.MIN_VALUE : end + gap;
      }

      private void place(Document d, String c) {
        ready.add(d);
        pos += TokenIds.count(d);
        lastEnd.put(c, pos);
      }

      private boolean fill() {
        while (ready.isEmpty()) {
          Waiting w = waiting.peek();
          if (w != null && w.readyAt <= pos) {
            waiting.poll();
            long r = readyAt(w.cluster);
            if (r <= pos) {
              place(w.doc, w.cluster);
            } else {
              waiting.add(new Waiting(r, w.seq, w.doc, w.cluster));
            }
          } else if (in.hasNext()) {
            Document d = in.next();
            String c = cluster(d);
            long r = readyAt(c);
            if (r <= pos) {
              place(d, c);
            } else {
              waiting.add(new Waiting(r, seq++, d, c));
            }
          } else if (w != null) {
            waiting.poll();
            if (readyAt(w.cluster) > pos) {
              ctx.stats(stage).add("cluster_gap_violations", 1);
            }
            place(w.doc, w.cluster);
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public boolean hasNext() {
        return fill();
      }

      @Override
      public Document next() {
        if (!fill()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }
}
