package dev.kiln.pipeline;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stage.ByMeta;
import dev.kiln.core.stats.RunStats;
import dev.kiln.core.stats.StageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recipe checked against the data it ran on: a {@code by} key no document has, an
 * {@code overrides}/{@code only} value no document has (either makes the stage quietly do nothing
 * it was meant to), and a stage that dropped more than a share of what it received.
 */
public final class RecipeChecks {
  /** The share of its input a stage may drop before a run warns. */
  public static final double DROP_WARNING = 0.5;

  private RecipeChecks() {}

  public static List<String> warnings(Recipe recipe, RunStats stats, double maxDropShare) {
    List<String> out = new ArrayList<>();
    for (Recipe.NamedStage s : recipe.stages()) {
      StageStats st = stats.stages().get(s.accountName());
      if (st == null || st.inCount() == 0) {
        continue;
      }
      if (s.stage() instanceof ByMeta by) {
        if (st.counter(ByMeta.MISSING) == st.inCount()) {
          out.add(String.format(Locale.ROOT, "%s: no document it saw (%,d) has the key 'by: %s', so its overrides and 'only' never applied",
              s.accountName(), st.inCount(), by.key()));
        } else {
          for (String v : by.namedValues()) {
            if (st.counter(ByMeta.SEEN + v) == 0) {
              out.add(String.format(Locale.ROOT, "%s: no document it saw has %s = '%s' (named in its overrides or 'only')", s.accountName(), by.key(), v));
            }
          }
        }
      }
      double share = (double) st.droppedCount() / st.inCount();
      if (share > maxDropShare) {
        out.add(String.format(Locale.ROOT, "%s dropped %.0f%% of what it received (%,d of %,d; warning above %.0f%%)", s.accountName(),
            100 * share, st.droppedCount(), st.inCount(), 100 * maxDropShare));
      }
    }
    return out;
  }
}
