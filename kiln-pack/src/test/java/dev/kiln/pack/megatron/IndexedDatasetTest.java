package dev.kiln.pack.megatron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.core.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexedDatasetTest {
  @TempDir
  Path dir;

  @Test
  void idxLayoutByteByByte() throws IOException {
    Path prefix = dir.resolve("p");
    try (IndexedDatasetWriter w = new IndexedDatasetWriter(prefix, DType.UINT16)) {
      w.addDocument(new int[] {1, 2, 3}, 0, 3);
      w.addDocument(new int[] {65535, 7}, 0, 2);
    }
    byte[] idx = Files.readAllBytes(IndexedDatasetWriter.idxPath(prefix));
    ByteBuffer b = ByteBuffer.allocate(9 + 8 + 1 + 8 + 8 + 2 * 4 + 2 * 8 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0}); // header
    b.putLong(1); // version
    b.put((byte) 8); // uint16
    b.putLong(2); // sequences
    b.putLong(3); // document index length: [0, 1, 2]
    b.putInt(3).putInt(2); // lengths
    b.putLong(0).putLong(6); // byte pointers: 3 tokens x 2 bytes
    b.putLong(0).putLong(1).putLong(2); // document indices
    assertArrayEquals(b.array(), idx);
    byte[] bin = Files.readAllBytes(IndexedDatasetWriter.binPath(prefix));
    assertArrayEquals(new byte[] {1, 0, 2, 0, 3, 0, (byte) 0xFF, (byte) 0xFF, 7, 0}, bin);
  }

  @Test
  void int32AndMultiSequenceDocuments() throws IOException {
    Path prefix = dir.resolve("q");
    try (IndexedDatasetWriter w = new IndexedDatasetWriter(prefix, DType.forVocabulary(128256))) {
      w.add(new int[] {128000, 5}, 0, 2);
      w.add(new int[] {9, 9, 9}, 1, 2);
      w.endDocument();
      w.addDocument(new int[] {70000}, 0, 1);
    }
    try (IndexedDataset ds = IndexedDataset.open(prefix)) {
      assertEquals(DType.INT32, ds.dtype());
      assertEquals(3, ds.size());
      assertArrayEquals(new long[] {0, 2, 3}, ds.documentIndices());
      assertArrayEquals(new int[] {128000, 5}, ds.get(0));
      assertArrayEquals(new int[] {9, 9}, ds.get(1));
      assertArrayEquals(new int[] {70000}, ds.get(2));
      assertEquals(16, ds.pointer(2));
    }
  }

  @Test
  void uint16RejectsLargeIds() throws IOException {
    try (IndexedDatasetWriter w = new IndexedDatasetWriter(dir.resolve("r"), DType.UINT16)) {
      assertThrows(IllegalArgumentException.class, () -> w.add(new int[] {70000}, 0, 1));
    }
  }

  @Test
  void dtypeFollowsMegatron() {
    assertEquals(DType.UINT16, DType.forVocabulary(32000));
    assertEquals(DType.UINT16, DType.forVocabulary(65499));
    assertEquals(DType.INT32, DType.forVocabulary(65500));
    assertEquals(DType.INT32, DType.forVocabulary(151936));
  }

  /** The files read by a Python copy of Megatron's _IndexReader logic (struct instead of numpy). */
  @Test
  @SuppressWarnings("unchecked")
  void readableByMegatronsReaderLogic() throws Exception {
    assumeTrue(python() != null, "SKIPPED: python3 is not installed");
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (DType dtype : List.of(DType.UINT16, DType.INT32)) {
      Path prefix = dir.resolve("py-" + dtype);
      int[][] seqs = new int[50][];
      try (IndexedDatasetWriter w = new IndexedDatasetWriter(prefix, dtype)) {
        for (int i = 0; i < seqs.length; i++) {
          seqs[i] = r.ints(r.nextInt(0, 40), 0, dtype == DType.UINT16 ? 65536 : 200000).toArray();
          w.addDocument(seqs[i], 0, seqs[i].length);
        }
      }
      Path script = dir.resolve("megatron_read.py");
      try (var in = getClass().getResourceAsStream("/megatron_read.py")) {
        Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Process p = new ProcessBuilder(python(), script.toString(), prefix.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      Map<String, Object> m = Json.MAPPER.readValue(out, Json.MAP);
      assertEquals(dtype.code, ((Number) m.get("dtype")).intValue());
      List<List<Number>> got = (List<List<Number>>) m.get("sequences");
      assertEquals(seqs.length, got.size());
      for (int i = 0; i < seqs.length; i++) {
        assertArrayEquals(seqs[i], got.get(i).stream().mapToInt(Number::intValue).toArray(), "sequence " + i);
      }
      List<Number> docs = (List<Number>) m.get("documents");
      assertEquals(seqs.length + 1, docs.size());
      assertEquals(seqs.length, docs.get(docs.size() - 1).intValue());
    }
  }

  static String python() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "python3"))) {
        return Path.of(dir, "python3").toString();
      }
    }
    return null;
  }
}
