package dev.kiln.dedup;

import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.KV;
import dev.kiln.core.engine.KeyedDataset;
import dev.kiln.core.engine.Partitioner;
import java.util.Arrays;
import java.util.List;

/**
 * Connected components of an undirected graph as engine phases, so no node ever holds the graph:
 * the alternating large-star / small-star algorithm of Kiveris et al., "Connected Components in
 * MapReduce and Beyond" (SoCC 2014). Each round is two shuffles over the edges; a third shuffle
 * checks whether the graph has become a forest of stars centred on each component's smallest node,
 * which takes O(log^2 n) rounds at worst and a handful in practice. Reducers stream a node's
 * neighbours in sorted order and keep nothing but the smallest, so memory does not grow with the
 * corpus or with a component's size (union-find would need every node in one JVM; label propagation
 * needs as many rounds as a component's diameter).
 *
 * <p>Nodes are 12-byte position keys; the smallest node of a component is its first document in
 * input order.
 */
final class Components {
  private Components() {}

  /** Rounds before giving up; the algorithm converges long before this on any real graph. */
  static final int MAX_ROUNDS = 100;

  /**
   * For every node with at least one edge: KV(node, root), root the smallest node of its
   * component (the root maps to itself). Edges are KV(u, v) with u != v, either orientation.
   */
  static Dataset<KV<byte[]>> of(Dataset<KV<byte[]>> edges, int partitions) {
    Partitioner part = Partitioner.hash(partitions);
    Dataset<KV<byte[]>> cur = edges;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Dataset<KV<byte[]>> large = KeyedDataset.of(bothWays(cur)).groupByKey(part, (u, nbrs, out, tc) -> {
        // m = min(u, neighbours); every strictly larger neighbour is re-attached to m.
        byte[] m = null;
        byte[] last = null;
        while (nbrs.hasNext()) {
          byte[] v = nbrs.next();
          if (m == null) {
            m = Keys.compare(v, u) < 0 ? v : u;
          }
          if (Keys.compare(v, u) > 0 && (last == null || !Arrays.equals(v, last))) {
            out.emit(new KV<>(v, m));
          }
          last = v;
        }
      }, KV.codec(Keys.POSITION));
      Dataset<KV<byte[]>> small = large.keyBy((kv, out, tc) -> {
        // Key each edge by its larger end.
        boolean keyFirst = Keys.compare(kv.key(), kv.value()) > 0;
        out.emit(keyFirst ? kv : new KV<>(kv.value(), kv.key()));
      }, Keys.POSITION).groupByKey(part, (u, smaller, out, tc) -> {
        // m = min(u, smaller neighbours); u and each smaller neighbour are attached to m.
        byte[] m = null;
        byte[] last = null;
        while (smaller.hasNext()) {
          byte[] v = smaller.next();
          if (m == null) {
            m = v;
            out.emit(new KV<>(u, m));
          } else if (!Arrays.equals(v, last)) {
            out.emit(new KV<>(v, m));
          }
          last = v;
        }
      }, KV.codec(Keys.POSITION));
      Dataset<KV<byte[]>> labels = KeyedDataset.of(bothWays(small)).groupByKey(part, (u, nbrs, out, tc) -> {
        // Converged when every node is a root (only larger neighbours) or a leaf with exactly one,
        // smaller, neighbour: a forest of stars, each centred on its component's minimum.
        byte[] first = nbrs.next();
        boolean many = false;
        while (nbrs.hasNext()) {
          if (!Arrays.equals(nbrs.next(), first)) {
            many = true;
          }
        }
        boolean leaf = Keys.compare(first, u) < 0;
        byte[] label = new byte[Keys.POS + 1];
        label[0] = (byte) (leaf && many ? 1 : 0);
        System.arraycopy(leaf ? first : u, 0, label, 1, Keys.POS);
        out.emit(new KV<>(u, label));
      }, KV.codec(Keys.fixed(Keys.POS + 1)));
      List<Long> unsettled = labels.mapPartitions((p, it, tc) -> {
        long n = 0;
        while (it.hasNext()) {
          n += it.next().value()[0];
        }
        return List.of(n).iterator();
      }, dev.kiln.core.engine.Codecs.LONG).collect();
      if (unsettled.stream().mapToLong(Long::longValue).sum() == 0) {
        return labels.flatMap((kv, out, tc) -> out.emit(new KV<>(kv.key(), Keys.slice(kv.value(), 1, Keys.POS))), KV.codec(Keys.POSITION));
      }
      cur = small;
    }
    throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " rounds");
  }

  private static Dataset<KV<byte[]>> bothWays(Dataset<KV<byte[]>> edges) {
    return edges.flatMap((kv, out, tc) -> {
      out.emit(kv);
      out.emit(new KV<>(kv.value(), kv.key()));
    }, KV.codec(Keys.POSITION));
  }
}
