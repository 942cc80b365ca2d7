package dev.kiln.clean.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small synthetic labelled set: three topics with their own words, plus words every topic shares. */
final class Toy {
  private Toy() {}

  static final String[][] TOPICS = {
      {"sport", "goal", "match", "team", "score", "league", "coach", "player", "stadium", "win"},
      {"cook", "recipe", "oven", "flour", "sugar", "bake", "dish", "salt", "taste", "kitchen"},
      {"编译", "内核", "驱动", "补丁", "线程", "内存", "调度", "模块", "接口", "寄存器"}};
  static final String[] LABELS = {"sports", "food", "kernel"};
  static final String[] SHARED = {"the", "a", "and", "of", "today", "very", "new", "we", "it", "is"};

  static List<Example> examples(int n, long seed) {
    Random r = new Random(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int t = r.nextInt(TOPICS.length);
      StringBuilder sb = new StringBuilder();
      int len = 8 + r.nextInt(20);
      for (int w = 0; w < len; w++) {
        // One word in three is topical: the rest is shared noise.
        String word = r.nextInt(3) == 0 ? TOPICS[t][r.nextInt(TOPICS[t].length)] : SHARED[r.nextInt(SHARED.length)];
        sb.append(word).append(t == 2 ? "" : " ");
      }
      out.add(new Example("toy/" + seed + "/" + i, sb.toString(), LABELS[t]));
    }
    return out;
  }

  static Trainer.Config config() {
    return new Trainer.Config(8, 5, 0.5, 1 << 16, 2, 3, 5, 0, 0, false, 7);
  }
}
