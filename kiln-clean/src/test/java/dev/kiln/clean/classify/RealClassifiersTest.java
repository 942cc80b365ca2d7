package dev.kiln.clean.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the two models the README reports, with the same settings as its commands, on the real
 * corpora, and checks their held-out scores (a split by hash of the id that training never sees).
 */
class RealClassifiersTest {
  @TempDir
  Path tmp;

  static final List<String> CORPORA = List.of("chinese-poetry", "debian-handbook-html", "fortunes", "jdk-src", "kernel-docs",
      "kernel-html", "python-docs-html", "spam-assassin");

  @Test
  void qualityScorerSpamAssassinHamVersusSpam() throws Exception {
    // bin/kiln classifier train --input spam-assassin.jsonl.zst --label-field label --mail-body --output quality.bin
    ClassifierTool.TrainResult r = ClassifierTool.train(List.of(SharedData.corpus("spam-assassin")), LabelledData.Options.of("label"),
        Trainer.Config.defaults().withMailBody(true), tmp.resolve("quality.bin"), System.out::println);
    System.out.printf("quality model: %d training examples, trained in %.1f s, %,d bytes%n%s", r.trainExamples(), r.trainSeconds(),
        Files.size(tmp.resolve("quality.bin")), r.heldOut().report());
    assertTrue(r.heldOut().total() > 500, "held-out examples: " + r.heldOut().total());
    assertTrue(r.heldOut().accuracy() >= 0.95, r.heldOut().report());
    assertTrue(r.heldOut().macroF1() >= 0.94, r.heldOut().report());
  }

  @Test
  void domainClassifierOverAllEightCorpora() throws Exception {
    // bin/kiln classifier train --input <the 8 corpora> --label-field domain --max-per-file 1000 --max-per-label 2000 --output domain.bin
    List<Path> inputs = new ArrayList<>();
    for (String c : CORPORA) {
      inputs.add(SharedData.corpus(c));
    }
    ClassifierTool.TrainResult r = ClassifierTool.train(inputs, LabelledData.Options.of("domain").withCaps(1000, 2000),
        Trainer.Config.defaults(), tmp.resolve("domain.bin"), System.out::println);
    System.out.printf("domain model: %d training examples, read in %.1f s, trained in %.1f s, %,d bytes%n%s", r.trainExamples(),
        r.readSeconds(), r.trainSeconds(), Files.size(tmp.resolve("domain.bin")), r.heldOut().report());
    assertTrue(r.heldOut().labels().size() == 5, "five domains: " + r.heldOut().labels());
    assertTrue(r.heldOut().accuracy() >= 0.95, r.heldOut().report());
    assertTrue(r.heldOut().macroF1() >= 0.94, r.heldOut().report());
    for (String label : r.heldOut().labels()) {
      assertTrue(r.heldOut().f1(label) >= 0.85, label + "\n" + r.heldOut().report());
    }
  }
}
