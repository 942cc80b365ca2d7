package dev.kiln.core.engine;

/**
 * Where an engine's work stands, for progress lines: input read so far (-1 where the engine cannot
 * tell, e.g. executors on other machines), the activity the plan named ({@link Engine#activity}, a
 * recipe stage), and the step of engine work under way with its tasks.
 */
public record EngineStatus(long records, long inputBytes, long textBytes, String activity, String step, int tasksDone, int tasksTotal) {
  public static final EngineStatus UNKNOWN = new EngineStatus(-1, -1, -1, "", "", 0, 0);
}
