package dev.kiln.pack.packing;

/** How documents become sequences. */
public enum PackMode {
  /** Documents one after another (shuffled if asked), cut every seq_len tokens. */
  CONCAT,
  /** Best-fit decreasing: only documents longer than seq_len are cut; sequences padded. */
  BEST_FIT,
  /** Documents grouped by a metadata key or an embedding cluster, then concatenated. */
  CLUSTER,
  /** In-Context Pretraining: concatenated along a greedy path through a kNN graph. */
  IN_CONTEXT
}
