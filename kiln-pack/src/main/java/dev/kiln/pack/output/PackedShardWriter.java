package dev.kiln.pack.output;

import static dev.kiln.core.util.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.core.util.Json;
import dev.kiln.pack.megatron.DType;
import dev.kiln.pack.megatron.IndexedDatasetWriter;
import dev.kiln.pack.packing.PackInput;
import dev.kiln.pack.packing.PackPlan;
import dev.kiln.pack.packing.SequenceBuilder;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One packed shard: {@code PREFIX.bin}/{@code PREFIX.idx} (Megatron), {@code PREFIX.manifest.jsonl}
 * and optionally {@code PREFIX.parquet}. The manifest's first line describes the shard (sequence
 * length, dtype, counts, stages, sha256 of every file); line {@code 1 + i} is sequence {@code i}:
 * its stage, padding and lineage, the list of {@code [document id, token start, token end]} (plus
 * the copy number for a document a mix stage repeated) it was cut from.
 */
public final class PackedShardWriter implements Closeable {
  public static final String MANIFEST = ".manifest.jsonl";
  public static final String PARQUET = ".parquet";

  private final Path prefix;
  private final int seqLen;
  private final int padId;
  private final boolean documentMask;
  private final boolean maskContinuations;
  private final IndexedDatasetWriter megatron;
  private final ParquetSequenceWriter parquet;
  private final Path manifestTmp;
  private final OutputStream manifestOut;
  private final JsonGenerator json;
  private final LinkedHashSet<String> stages = new LinkedHashSet<>();
  private final List<PackPlan.Summary> plans = new ArrayList<>();
  private long tokens;
  private long padding;
  private ShardSummary summary;

  public PackedShardWriter(Path prefix, DType dtype, int seqLen, int padId, boolean documentMask, boolean maskContinuations,
      boolean writeParquet) throws IOException {
    this.prefix = prefix;
    this.seqLen = seqLen;
    this.padId = padId;
    this.documentMask = documentMask;
    this.maskContinuations = maskContinuations;
    this.megatron = new IndexedDatasetWriter(prefix, dtype);
    this.parquet = writeParquet ? new ParquetSequenceWriter(sibling(prefix, PARQUET + ".tmp")) : null;
    this.manifestTmp = sibling(prefix, MANIFEST + ".body.tmp");
    this.manifestOut = new BufferedOutputStream(Files.newOutputStream(manifestTmp), 1 << 16);
    this.json = Json.MAPPER.getFactory().createGenerator(manifestOut);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setPrettyPrinter(null);
  }

  public static Path sibling(Path prefix, String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }

  /** Writes every sequence of the plan, in order, as belonging to {@code stage}. */
  public void write(PackPlan plan, PackInput in, String stage) throws IOException {
    checkArgument(plan.seqLen == seqLen, "plan has seq_len " + plan.seqLen + ", shard " + seqLen);
    stages.add(stage);
    plans.add(plan.summary(stage));
    SequenceBuilder b = new SequenceBuilder(plan, in.tokens(), in.offsets(), padId, documentMask, maskContinuations, parquet != null);
    for (int q = 0; q < plan.sequences(); q++) {
      b.build(q);
      megatron.addDocument(b.ids, 0, seqLen);
      if (parquet != null) {
        parquet.add(b.ids, b.positions, b.segmentIds, b.cuSeqlens.toArray(), b.lossMask);
      }
      tokens += b.used();
      padding += seqLen - b.used();
      json.writeStartObject();
      json.writeNumberField("seq", megatron.sequences() - 1);
      json.writeStringField("stage", stage);
      json.writeNumberField("pad", seqLen - b.used());
      json.writeArrayFieldStart("segments");
      for (int g = plan.seqStart[q]; g < plan.seqStart[q + 1]; g++) {
        int d = plan.segDoc[g];
        json.writeStartArray();
        json.writeString(in.id(d));
        json.writeNumber(plan.segFrom[g]);
        json.writeNumber(plan.segTo[g]);
        if (in.copy(d) > 0) {
          json.writeNumber(in.copy(d));
        }
        json.writeEndArray();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  public int sequences() {
    return megatron.sequences();
  }

  /** Closes every file, writes the manifest with its header, and returns the header. */
  @Override
  public void close() throws IOException {
    if (summary != null) {
      return;
    }
    json.close();
    manifestOut.close();
    megatron.close();
    IndexedDatasetWriter.Result r = megatron.result();
    String parquetSha256 = parquet == null ? null : parquet.close(sibling(prefix, PARQUET));
    ShardSummary h = new ShardSummary(null, prefix.getFileName().toString(), "megatron", r.dtype().name().toLowerCase(java.util.Locale.ROOT),
        seqLen, r.sequences(), tokens, padding, padId, documentMask, new ArrayList<>(stages), r.binSha256(), r.idxSha256(), parquetSha256,
        plans, null, null);
    Path manifest = sibling(prefix, MANIFEST);
    Path tmp = sibling(prefix, MANIFEST + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16); InputStream body = Files.newInputStream(manifestTmp)) {
      out.write(Json.MAPPER.writeValueAsString(h).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      body.transferTo(out);
    }
    Files.delete(manifestTmp);
    Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING);
    summary = h;
  }

  /** After {@link #close()}: the manifest header. */
  public ShardSummary summary() {
    return summary;
  }
}
