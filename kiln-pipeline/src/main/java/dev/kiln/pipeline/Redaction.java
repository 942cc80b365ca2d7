package dev.kiln.pipeline;

import dev.kiln.core.recipe.Recipe;
import dev.kiln.core.stage.ByMeta;
import dev.kiln.core.stage.Redacting;
import dev.kiln.core.stage.Stage;
import dev.kiln.io.RecordParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipe's {@link Redacting} stages applied in turn: what the run writes of a document besides
 * its shards (report samples, quarantine excerpts) goes through it. None: text unchanged.
 */
public final class Redaction implements RecordParser.SerializableUnaryOperator {
  private static final long serialVersionUID = 1L;

  private final List<Redacting> stages;

  private Redaction(List<Redacting> stages) {
    this.stages = List.copyOf(stages);
  }

  public static Redaction of(Recipe recipe) {
    List<Redacting> found = new ArrayList<>();
    for (Recipe.NamedStage s : recipe.stages()) {
      Stage st = s.stage() instanceof ByMeta b ? b.fallback() : s.stage();
      if (st instanceof Redacting r) {
        found.add(r);
      }
    }
    return new Redaction(found);
  }

  @Override
  public String apply(String text) {
    if (text == null) {
      return null;
    }
    for (Redacting r : stages) {
      text = r.redact(text);
    }
    return text;
  }
}
