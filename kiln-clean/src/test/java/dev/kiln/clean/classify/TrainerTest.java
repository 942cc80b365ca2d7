package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir
  Path tmp;

  private static byte[] bytes(ClassifierModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.write(out);
    return out.toByteArray();
  }

  @Test
  void learnsASeparableProblemAndGeneralizes() {
    ClassifierModel m = Trainer.train(Toy.examples(600, 1), Toy.config(), Map.of(), s -> {});
    Evaluation e = Evaluation.of(m, Toy.examples(300, 2)); // unseen documents
    assertTrue(e.accuracy() >= 0.97, e.report());
    assertEquals(List.of("food", "kernel", "sports"), m.labels(), "labels sorted");
    double[] p = m.predict("the coach and the team win the match");
    assertEquals(1.0, Arrays.stream(p).sum(), 1e-9);
    assertEquals("sports", m.labels().get(ClassifierModel.argmax(p)));
    assertEquals("kernel", m.labels().get(ClassifierModel.argmax(m.predict("内核驱动的调度线程"))));
  }

  @Test
  void maxRowsKeepsTheStrongestRowsAndStillClassifies() {
    List<Example> train = Toy.examples(600, 1);
    ClassifierModel all = Trainer.train(train, Toy.config(), Map.of(), s -> {});
    Trainer.Config c = Toy.config();
    int keep = all.rowCount() / 10;
    Trainer.Config pruned = new Trainer.Config(c.dim(), c.epochs(), c.lr(), c.buckets(), c.wordNgrams(), c.minn(), c.maxn(), c.maxChars(),
        keep, c.mailBody(), c.seed());
    ClassifierModel m = Trainer.train(train, pruned, Map.of(), s -> {});
    assertEquals(keep, m.rowCount());
    assertEquals(Integer.toString(keep), m.info().get("max_rows"));
    assertTrue(Evaluation.of(m, Toy.examples(300, 2)).accuracy() >= 0.97);
    // The kept rows are the largest: pruning by norm keeps a row only if no dropped row is stronger.
    boolean[] touched = {true, true, true, true, false};
    float[] in = {0.1f, 0f, 3f, 0f, 2f, 0f, 2f, 0f, 9f, 9f};
    assertEquals(2, Trainer.keepStrongest(touched, in, 2, 2));
    assertArrayEquals(new boolean[] {false, true, true, false, false}, touched, "norms 0.01, 9, 4, 4: the 9 and the first 4");
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherModel() throws IOException {
    List<Example> ex = Toy.examples(200, 3);
    byte[] a = bytes(Trainer.train(ex, Toy.config(), Map.of(), s -> {}));
    byte[] b = bytes(Trainer.train(ex, Toy.config(), Map.of(), s -> {}));
    byte[] c = bytes(Trainer.train(ex, Toy.config().withSeed(8), Map.of(), s -> {}));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void saveLoadRoundTripsPredictionsAndSettings() throws IOException {
    ClassifierModel m = Trainer.train(Toy.examples(200, 4), Toy.config().withMailBody(true), Map.of("note", "toy"), s -> {});
    Path f = tmp.resolve("m.bin");
    m.save(f);
    ClassifierModel back = ClassifierModel.load(f);
    assertEquals(m.labels(), back.labels());
    assertEquals(m.flags(), back.flags());
    assertEquals(m.rowCount(), back.rowCount());
    assertEquals("toy", back.info().get("note"));
    assertEquals("200", back.info().get("examples"));
    for (Example e : Toy.examples(50, 5)) {
      assertArrayEquals(m.predict(e.text()), back.predict(e.text()), 0.0);
    }
    assertArrayEquals(bytes(m), Files.readAllBytes(f));
  }

  @Test
  void rejectsCorruptAndForeignFiles() throws IOException {
    ClassifierModel m = Trainer.train(Toy.examples(100, 6), Toy.config(), Map.of(), s -> {});
    byte[] b = bytes(m);
    b[b.length / 2] ^= 1;
    Path bad = tmp.resolve("bad.bin");
    Files.write(bad, b);
    IOException e = assertThrows(IOException.class, () -> ClassifierModel.load(bad));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    Path foreign = tmp.resolve("foreign.bin");
    Files.writeString(foreign, "__label__spam hello world");
    e = assertThrows(IOException.class, () -> ClassifierModel.load(foreign));
    assertTrue(e.getMessage().contains("not a Kiln classifier model"), e.getMessage());
    byte[] future = bytes(m);
    future[11] = 9; // version field
    Path newer = tmp.resolve("newer.bin");
    Files.write(newer, future);
    e = assertThrows(IOException.class, () -> ClassifierModel.load(newer));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  @Test
  void needsTwoLabels() {
    List<Example> one = List.of(new Example("a", "x", "only"), new Example("b", "y", "only"));
    assertThrows(IllegalArgumentException.class, () -> Trainer.train(one, Toy.config(), Map.of(), s -> {}));
  }

  @Test
  void countedFeaturesSumToTheOriginalCount() {
    int[] ids = {5, 3, 5, 9, 3, 5};
    assertArrayEquals(new int[] {3, 2, 5, 3, 9, 1}, Trainer.counted(ids));
  }
}
