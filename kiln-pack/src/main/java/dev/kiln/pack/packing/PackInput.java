package dev.kiln.pack.packing;

import dev.kiln.core.Document;
import dev.kiln.pack.IntBuf;
import dev.kiln.pack.TokenIds;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokenized documents of one partition, held compactly for packing: all tokens in one int
 * array (document d at {@code [offset(d), offset(d+1))}), plus what lineage and grouping need per
 * document: id, copy number (mix up-sampling), curriculum stage, and up to two metadata values
 * (split and group keys). About 4 bytes a token and 60 bytes a document.
 */
public final class PackInput {
  /** Metadata key of the curriculum stage a document belongs to. */
  public static final String STAGE = "stage";
  /** Metadata key of the copy number a mix stage gives repeated documents (0 for the first). */
  public static final String COPY = "mix.copy";

  private final IntBuf tokens = new IntBuf(1 << 16);
  private final IntBuf offsets = new IntBuf(1024);
  private final List<String> ids = new ArrayList<>();
  private final IntBuf copies = new IntBuf(1024);
  private final List<String> stages = new ArrayList<>();
  private final List<String> splitValues = new ArrayList<>();
  private final List<String> groupValues = new ArrayList<>();
  private final String splitKey;
  private final String groupKey;

  /**
   * @param splitKey metadata key whose values make separate datasets ("" for none)
   * @param groupKey metadata key documents are grouped by in cluster mode ("" for none)
   */
  public PackInput(String splitKey, String groupKey) {
    this.splitKey = splitKey == null ? "" : splitKey;
    this.groupKey = groupKey == null ? "" : groupKey;
    offsets.add(0);
  }

  public void add(Document doc) {
    TokenIds.appendTo(doc, tokens);
    add(doc.id(), doc.metaDouble(COPY, 0), doc.metaString(STAGE, ""),
        splitKey.isEmpty() ? "" : doc.metaString(splitKey, ""), groupKey.isEmpty() ? "" : doc.metaString(groupKey, ""));
  }

  /** Adds a document from its ids (for tests, benches and callers without documents). */
  public void add(String id, int[] ids, String stage) {
    add(id, ids, stage, "", "");
  }

  /** Adds a document from its ids, with its split and group values. */
  public void add(String id, int[] ids, String stage, String split, String group) {
    tokens.addAll(ids, 0, ids.length);
    add(id, 0, stage, split, group);
  }

  private void add(String id, double copy, String stage, String split, String group) {
    offsets.add(tokens.size());
    ids.add(id);
    copies.add((int) copy);
    stages.add(stage);
    splitValues.add(split);
    groupValues.add(group);
  }

  public int size() {
    return ids.size();
  }

  public int length(int d) {
    return offsets.get(d + 1) - offsets.get(d);
  }

  public int[] lengths() {
    int[] l = new int[size()];
    for (int d = 0; d < l.length; d++) {
      l[d] = length(d);
    }
    return l;
  }

  /** All tokens; document d at {@code [offsets()[d], offsets()[d+1])}. */
  public int[] tokens() {
    return tokens.array();
  }

  public int[] offsets() {
    return offsets.array();
  }

  public long totalTokens() {
    return tokens.size();
  }

  public String id(int d) {
    return ids.get(d);
  }

  public int copy(int d) {
    return copies.get(d);
  }

  public String stage(int d) {
    return stages.get(d);
  }

  public String splitValue(int d) {
    return splitValues.get(d);
  }

  public String groupValue(int d) {
    return groupValues.get(d);
  }
}
