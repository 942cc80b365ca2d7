package dev.kiln.pack.order;

import dev.kiln.pack.packing.PackInput;

/**
 * Document embeddings for in-context ordering and embedding clusters: unit-length float vectors,
 * one per document of {@code docs}. Pluggable: any model that maps documents to vectors whose dot
 * product is their similarity fits (the built-in one is {@link LexicalEmbedder}).
 */
public interface Embedder extends java.io.Serializable {
  int dimensions();

  float[][] embed(PackInput input, int[] docs);
}
