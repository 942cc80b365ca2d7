package dev.kiln.core.stage;

import java.io.Serializable;

/**
 * A named step of a recipe. Stages are built from a recipe by {@link StageRegistry} and must be
 * serializable with no shared mutable state, so any engine (threads, Spark executors) can run them.
 */
public sealed interface Stage extends Serializable permits DocumentStage, GlobalStage {
  /** The name a recipe uses for this stage, from its {@link StageInfo}. */
  default String name() {
    return StageRegistry.nameOf(getClass());
  }
}
