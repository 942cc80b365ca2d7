package dev.kiln.io;

import dev.kiln.core.util.CountingOutputStream;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.core.Document;
import dev.kiln.core.engine.PartitionSink;
import dev.kiln.core.engine.RecordFunction;
import dev.kiln.core.engine.TaskContext;
import dev.kiln.core.util.Json;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes each partition as a JSONL shard ({@code part-00000.jsonl.zst}) and, once the shard is in
 * place, its manifest ({@code part-00000.manifest.json}: documents, bytes, sha256, recipe hash).
 * A document is written as its input was read: id, text, then its metadata fields. Documents reach
 * the writer already encoded by {@link #ENCODE}, a stateless step the engine runs on every core.
 * The directory is a local path or a URL, written through {@link Storage}.
 */
public final class ShardWriter implements PartitionSink<byte[]> {
  private static final long serialVersionUID = 1L;

  private final String dir;
  private final Compression compression;
  private final String recipeHash;

  /** Document to its JSONL line (with the newline). */
  public static final RecordFunction<Document, byte[]> ENCODE = (doc, out, ctx) -> {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(doc.text().length() * 3 / 2 + 64);
    try (JsonGenerator g = generator(bos)) {
      writeDocument(doc, g);
    }
    out.emit(bos.toByteArray());
  };

  public ShardWriter(Path dir, Compression compression, String recipeHash) {
    this(dir.toString(), compression, recipeHash);
  }

  /** A writer into a directory given as a local path or a URL (see {@link Storage}). */
  public ShardWriter(String dir, Compression compression, String recipeHash) {
    this.dir = dir;
    this.compression = compression;
    this.recipeHash = recipeHash;
  }

  public static String shardName(int partition, Compression c) {
    return String.format("part-%05d.jsonl%s", partition, c.suffix());
  }

  public static String manifestName(int partition) {
    return ShardManifest.fileName(partition);
  }

  @Override
  public void write(int partition, Iterator<byte[]> lines, TaskContext ctx) throws IOException {
    Storage storage = Storage.of(dir);
    String name = shardName(partition, compression);
    String shard = Storage.resolve(dir, name);
    String tmp = shard + ".tmp";
    MessageDigest sha = sha256();
    long count = 0;
    CountingOutputStream counted;
    try (DigestOutputStream file = new DigestOutputStream(new BufferedOutputStream(storage.create(tmp), 1 << 16), sha);
        OutputStream comp = compression.compress(file);
        CountingOutputStream c = new CountingOutputStream(new BufferedOutputStream(comp, 1 << 16))) {
      counted = c;
      while (lines.hasNext()) {
        c.write(lines.next());
        count++;
      }
    }
    storage.rename(tmp, shard);
    new ShardManifest(name, partition, count, counted.count(), storage.size(shard), HexFormat.of().formatHex(sha.digest()), recipeHash)
        .write(dir);
  }

  /**
   * A generator for JSONL: never flushes or closes the stream itself, since a flush per line would
   * force a compressed block per document.
   */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    g.setPrettyPrinter(null);
    return g;
  }

  /** One JSONL line: id, text, then metadata fields in their order, then the token ids if any ({@link TokenIdsField}). */
  public static void writeDocument(Document d, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", d.id());
    g.writeStringField("text", d.text());
    for (Map.Entry<String, Object> e : d.meta().entrySet()) {
      g.writeFieldName(e.getKey());
      writeValue(g, e.getValue());
    }
    if (d.hasTokenIds()) {
      g.writeStringField(TokenIdsField.NAME, TokenIdsField.encode(d.tokenIds()));
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Integer || v instanceof Long) {
      g.writeNumber(((Number) v).longValue());
    } else {
      g.writeObject(v);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
