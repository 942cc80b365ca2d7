package dev.kiln.spark;

import dev.kiln.core.engine.Accumulators;
import dev.kiln.core.engine.ReadProgress;
import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.stats.DropRecord;
import dev.kiln.core.util.Json;
import dev.kiln.io.Storage;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Executor side of the accounting. Every Kiln function a Spark task runs asks for the context of
 * its own dataset partition; the contexts of one task attempt live here until the attempt ends.
 * When it succeeds, each context's quarantine and drop logs are written (atomically, named after
 * the dataset partition, so a recomputation overwrites rather than adds) and its accounting goes
 * to the driver through the {@link ReportAccumulator}. A failed attempt publishes nothing.
 */
final class Reports {
  private Reports() {}

  /** What the functions of one engine carry to the executors. */
  record Env(ReportAccumulator accumulator, Accumulators accumulators, String logDir, String engineId, int taskThreads) implements Serializable {}

  private static final ConcurrentHashMap<Long, Attempt> ATTEMPTS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, ReadProgress> PROGRESS = new ConcurrentHashMap<>();

  /** Records and bytes read by this JVM's tasks for an engine (all of them in local mode). */
  static ReadProgress progress(String engineId) {
    return PROGRESS.computeIfAbsent(engineId, k -> new ReadProgress());
  }

  static void forget(String engineId) {
    PROGRESS.remove(engineId);
  }

  /** The context of partition {@code partition} of dataset {@code node} in the running task. */
  static TaskReports context(Env env, String node, int partition) {
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (task == null) {
      throw new IllegalStateException("Kiln functions on Spark run inside Spark tasks only");
    }
    long id = task.taskAttemptId();
    Attempt a = ATTEMPTS.get(id);
    if (a == null) {
      a = new Attempt(env, id);
      ATTEMPTS.put(id, a);
      Attempt attempt = a;
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> {
        ATTEMPTS.remove(id);
        if (!t.isFailed() && !t.isInterrupted()) {
          attempt.commit();
        }
      });
    }
    return a.context(node, partition);
  }

  static String key(String node, int partition) {
    return String.format("%s/p%05d", node, partition);
  }

  private static final class Attempt {
    private final Env env;
    private final long id;
    private final LinkedHashMap<String, TaskReports> contexts = new LinkedHashMap<>();

    Attempt(Env env, long id) {
      this.env = env;
      this.id = id;
    }

    synchronized TaskReports context(String node, int partition) {
      return contexts.computeIfAbsent(key(node, partition), k -> new TaskReports(partition, progress(env.engineId()), null, env.accumulators().definitions()));
    }

    synchronized void commit() {
      contexts.forEach((key, ctx) -> {
        if (ctx.isEmpty()) {
          return;
        }
        try {
          writeLogs(env.logDir(), key.replace('/', '-'), "tmp-" + id, ctx);
          env.accumulator().add(new ReportAccumulator.Report(key, Json.MAPPER.writeValueAsBytes(ctx.summary())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * The same files the local engine writes: {@code quarantine/NAME.jsonl}, {@code dropped/STAGE/NAME.jsonl.gz},
   * under a local path or a URL (through {@link Storage}).
   */
  static void writeLogs(String logDir, String name, String tmpSuffix, TaskReports ctx) throws IOException {
    Storage storage = Storage.of(logDir);
    if (ctx.hasQuarantined()) {
      String file = Storage.resolve(Storage.resolve(logDir, "quarantine"), name + ".jsonl");
      ctx.writeQuarantine(storage.create(file + "." + tmpSuffix));
      storage.rename(file + "." + tmpSuffix, file);
    }
    if (ctx.hasDrops()) {
      java.util.List<String> written = new java.util.ArrayList<>();
      ctx.writeDrops(stage -> {
        String file = Storage.resolve(Storage.resolve(Storage.resolve(logDir, DropRecord.DIR), stage), name + ".jsonl.gz");
        written.add(file);
        return new GZIPOutputStream(storage.create(file + "." + tmpSuffix), 1 << 16);
      });
      for (String file : written) {
        storage.rename(file + "." + tmpSuffix, file);
      }
    }
  }
}
