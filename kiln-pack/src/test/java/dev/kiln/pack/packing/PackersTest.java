package dev.kiln.pack.packing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackersTest {
  /** Every token of every document is in exactly one segment, apart from a dropped remainder. */
  static void assertCoversEachTokenOnce(int[] lengths, PackPlan plan) {
    int[] next = new int[lengths.length];
    // segments of one document must come in token order and without gaps, whatever the sequence order
    List<int[]> segs = new ArrayList<>();
    for (int g = 0; g < plan.segments(); g++) {
      segs.add(new int[] {plan.segDoc[g], plan.segFrom[g], plan.segTo[g]});
    }
    segs.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    long covered = 0;
    for (int[] s : segs) {
      assertEquals(next[s[0]], s[1], "document " + s[0] + " has a gap or overlap");
      assertTrue(s[2] > s[1] && s[2] <= lengths[s[0]]);
      next[s[0]] = s[2];
      covered += s[2] - s[1];
    }
    long total = Arrays.stream(lengths).asLongStream().sum();
    assertEquals(total, covered + plan.droppedTokens);
    assertEquals(total, plan.tokensIn);
    for (int s = 0; s < plan.sequences(); s++) {
      assertTrue(plan.used(s) <= plan.seqLen && plan.used(s) > 0);
    }
    assertEquals((long) plan.sequences() * plan.seqLen, plan.tokensPacked() + plan.paddingTokens());
  }

  static int[] randomLengths(SplittableRandom r, int n, int max) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      // mostly short, some long, a few empty
      l[i] = r.nextInt(10) == 0 ? r.nextInt(max * 3) : r.nextInt(max / 4 + 1);
    }
    return l;
  }

  @Test
  void concatCutsEverySeqLen() {
    int[] lengths = {5, 3, 9, 0, 2};
    PackPlan p = Packers.concat(lengths, Packers.identity(5), 4, false);
    // 19 tokens -> 4 full + 1 padded (3 tokens)
    assertEquals(5, p.sequences());
    assertEquals(1, p.paddingTokens());
    assertArrayEquals(new int[] {0}, Arrays.copyOfRange(p.segDoc, p.seqStart[0], p.seqStart[1]));
    assertArrayEquals(new int[] {0, 1}, Arrays.copyOfRange(p.segDoc, p.seqStart[1], p.seqStart[2]));
    assertEquals(2, p.truncatedDocuments); // doc 0 over sequences 0-1, doc 2 over 2-4
    assertCoversEachTokenOnce(lengths, p);
    PackPlan dropped = Packers.concat(lengths, Packers.identity(5), 4, true);
    assertEquals(4, dropped.sequences());
    assertEquals(3, dropped.droppedTokens);
    assertEquals(0, dropped.paddingTokens());
    assertCoversEachTokenOnce(lengths, dropped);
  }

  @Test
  void bestFitKeepsShortDocumentsWhole() {
    SplittableRandom r = new SplittableRandom(1);
    for (int round = 0; round < 200; round++) {
      int seqLen = 1 + r.nextInt(64);
      int[] lengths = randomLengths(r, 1 + r.nextInt(300), seqLen);
      PackPlan p = Packers.bestFit(lengths, Packers.identity(lengths.length), seqLen);
      assertCoversEachTokenOnce(lengths, p);
      int[] pieces = new int[lengths.length];
      for (int d : p.segDoc) {
        pieces[d]++;
      }
      int cut = 0;
      for (int d = 0; d < lengths.length; d++) {
        if (lengths[d] > 0 && lengths[d] <= seqLen) {
          assertEquals(1, pieces[d], "a document no longer than seq_len was cut");
        }
        if (lengths[d] > seqLen) {
          cut++;
          assertEquals((lengths[d] + seqLen - 1) / seqLen, pieces[d]);
        }
      }
      assertEquals(cut, p.truncatedDocuments);
      assertArrayEquals(bruteForceBestFitFill(lengths, seqLen), sortedFill(p));
    }
  }

  @Test
  void bestFitPadsLessThanOneSequencePerCutOnRealisticLengths() {
    SplittableRandom r = new SplittableRandom(3);
    int seqLen = 2048;
    int[] lengths = new int[20000];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = (int) Math.min(20000, Math.exp(r.nextGaussian() * 1.2 + 5.5)) + 1;
    }
    PackPlan bf = Packers.bestFit(lengths, Packers.identity(lengths.length), seqLen);
    PackPlan cc = Packers.concat(lengths, Packers.identity(lengths.length), seqLen, false);
    assertCoversEachTokenOnce(lengths, bf);
    assertCoversEachTokenOnce(lengths, cc);
    assertTrue(bf.truncatedDocuments < cc.truncatedDocuments / 2, bf.summary(null) + " vs " + cc.summary(null));
    // Ding et al.: best-fit needs barely more sequences than concatenation
    assertTrue(bf.sequences() <= cc.sequences() * 1.01, bf.sequences() + " vs " + cc.sequences());
  }

  @Test
  void capacityTreeFindsSmallestFit() {
    Packers.CapacityTree t = new Packers.CapacityTree(10);
    assertEquals(-1, t.firstAtLeast(0));
    t.add(7, 1);
    t.add(3, 1);
    assertEquals(3, t.firstAtLeast(1));
    assertEquals(3, t.firstAtLeast(3));
    assertEquals(7, t.firstAtLeast(4));
    assertEquals(-1, t.firstAtLeast(8));
    t.add(10, 1);
    assertEquals(10, t.firstAtLeast(8));
    t.add(3, -1);
    assertEquals(7, t.firstAtLeast(0));
  }

  @Test
  void shuffledKeepsSequences() {
    int[] lengths = randomLengths(new SplittableRandom(5), 500, 100);
    PackPlan p = Packers.bestFit(lengths, Packers.identity(lengths.length), 100);
    PackPlan s = p.shuffled(42);
    assertCoversEachTokenOnce(lengths, s);
    assertEquals(p.sequences(), s.sequences());
    assertArrayEquals(sortedFill(p), sortedFill(s));
    assertArrayEquals(s.segDoc, p.shuffled(42).segDoc);
  }

  @Test
  void sequenceBuilderMasks() {
    // doc 0: 6 tokens, doc 1: 3 tokens; seq_len 4 -> [d0 0..4) [d0 4..6, d1 0..2) [d1 2..3, pad x3]
    int[] tokens = {10, 11, 12, 13, 14, 15, 20, 21, 22};
    int[] offsets = {0, 6, 9};
    PackPlan p = Packers.concat(new int[] {6, 3}, new int[] {0, 1}, 4, false);
    SequenceBuilder b = new SequenceBuilder(p, tokens, offsets, 0, true, true);
    b.build(1);
    assertArrayEquals(new int[] {14, 15, 20, 21}, b.ids);
    assertArrayEquals(new int[] {0, 1, 0, 1}, b.positions);
    assertArrayEquals(new int[] {1, 1, 2, 2}, b.segmentIds);
    assertArrayEquals(new int[] {0, 1, 1, 1}, b.lossMask);
    assertArrayEquals(new int[] {0, 2, 4}, b.cuSeqlens.toArray());
    b.build(2);
    assertArrayEquals(new int[] {22, 0, 0, 0}, b.ids);
    assertArrayEquals(new int[] {0, 0, 1, 2}, b.positions);
    assertArrayEquals(new int[] {1, 0, 0, 0}, b.segmentIds);
    assertArrayEquals(new int[] {0, 0, 0, 0}, b.lossMask);
    assertArrayEquals(new int[] {0, 1, 4}, b.cuSeqlens.toArray());
    SequenceBuilder plain = new SequenceBuilder(p, tokens, offsets, 0, false, false);
    plain.build(1);
    assertArrayEquals(new int[] {0, 1, 2, 3}, plain.positions);
    assertArrayEquals(new int[] {1, 1, 1, 1}, plain.lossMask);
    assertArrayEquals(new int[] {0, 4}, plain.cuSeqlens.toArray());
  }

  static int[] sortedFill(PackPlan p) {
    int[] f = new int[p.sequences()];
    for (int s = 0; s < f.length; s++) {
      f[s] = p.used(s);
    }
    Arrays.sort(f);
    return f;
  }

  /** Best-fit decreasing by linear scan over open bins: the reference the segment tree must match. */
  static int[] bruteForceBestFitFill(int[] lengths, int seqLen) {
    List<Integer> chunks = new ArrayList<>();
    for (int l : lengths) {
      for (int pos = 0; pos < l; pos += seqLen) {
        chunks.add(Math.min(seqLen, l - pos));
      }
    }
    chunks.sort((a, b) -> b - a);
    List<Integer> room = new ArrayList<>();
    for (int c : chunks) {
      int best = -1;
      for (int i = 0; i < room.size(); i++) {
        if (room.get(i) >= c && (best < 0 || room.get(i) < room.get(best))) {
          best = i;
        }
      }
      if (best < 0) {
        room.add(seqLen - c);
      } else {
        room.set(best, room.get(best) - c);
      }
    }
    return room.stream().mapToInt(x -> seqLen - x).sorted().toArray();
  }
}
