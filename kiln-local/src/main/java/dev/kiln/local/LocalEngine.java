package dev.kiln.local;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.core.engine.ActivityTime;
import dev.kiln.core.engine.EngineStatus;
import dev.kiln.core.engine.ReadProgress;
import dev.kiln.core.engine.RunReports;
import dev.kiln.core.engine.TaskReports;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.Engine;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import dev.kiln.core.util.Json;
import dev.kiln.core.stats.DropRecord;
import dev.kiln.core.util.Cpu;
import dev.kiln.core.util.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Runs datasets on this machine: partitions as tasks on a pool of threads, stateless maps in
 * ordered batches on a second pool, shuffles as sorted runs spilled to disk and merged.
 *
 * <p>Every materialization (checkpoint, shuffle map side, final write) is a numbered step of
 * tasks. A task commits by writing its quarantine and drop logs, then a done marker holding its
 * accounting; a restarted run skips committed tasks and takes their accounting from the markers.
 * Steps are numbered in the order the plan creates them, so the same recipe finds its own markers.
 */
public final class LocalEngine implements Engine {
  /**
   * @param workDir intermediate data and done markers (kept until the caller deletes it)
   * @param logDir where {@code quarantine/} and {@code dropped/} logs go
   * @param threads worker threads, at least 1
   * @param memoryBytes shuffle buffer for all running tasks together
   */
  public record Options(Path workDir, Path logDir, int threads, long memoryBytes) {
    /** {@code memoryBytes} meaning: chosen from the JVM's max heap ({@link #memoryBudget}). */
    public static final long AUTO = 0;

    /** The most {@link #AUTO} takes, and the former fixed default. */
    public static final long MAX_AUTO = 512L << 20;

    /**
     * @param memoryBytes the sort buffers of all running tasks together, or {@link #AUTO}; an
     *     explicit budget must fit the JVM's max heap ({@link #memoryBudget})
     */
    public Options {
      checkArgument(threads >= 1, "threads must be >= 1, got " + threads);
      memoryBytes = memoryBudget(memoryBytes, Runtime.getRuntime().maxMemory());
    }

    public static Options defaults(Path workDir, Path logDir) {
      return new Options(workDir, logDir, Runtime.getRuntime().availableProcessors(), AUTO);
    }

    /**
     * The sort buffer budget for a requested one and a max heap. {@link #AUTO} takes a quarter of
     * the heap, at most {@link #MAX_AUTO}: buffered records cost more than their counted bytes, and
     * the records in flight, merge buffers and reducers need the rest. An explicit budget is kept
     * as given if it is at most half the heap, and refused otherwise: a run would fail with an
     * OutOfMemoryError deep inside a shuffle, after doing part of its work.
     */
    public static long memoryBudget(long requestedBytes, long maxHeapBytes) {
      if (requestedBytes == AUTO) {
        return Math.max(1 << 20, Math.min(MAX_AUTO, maxHeapBytes / 4));
      }
      checkArgument(requestedBytes >= (1 << 20), "memory must be at least 1 MiB, got " + requestedBytes);
      if (requestedBytes > maxHeapBytes / 2) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "engine memory_mb %d does not fit this JVM: its max heap is %d MB and the sort buffers may take at most half of it;"
                + " lower memory_mb (or leave it unset to take a quarter of the heap) or raise -Xmx (bin/kiln: KILN_JAVA_OPTS)",
            requestedBytes >> 20, maxHeapBytes >> 20));
      }
      return requestedBytes;
    }
  }

  final Options options;
  private final ExecutorService tasks;
  final ExecutorService workers;
  private final RunReports reports = new RunReports();
  private final AtomicInteger nextStep = new AtomicInteger();
  final ReadProgress read = new ReadProgress();
  private volatile String activity = "";
  private final Map<String, ActivityTime> times = new LinkedHashMap<>();
  private volatile String step = "";
  private final AtomicInteger tasksDone = new AtomicInteger();
  private volatile int tasksTotal;

  public LocalEngine(Options options) {
    this.options = options;
    this.tasks = Executors.newFixedThreadPool(options.threads(), Threads.daemon("kiln-task"));
    this.workers = Executors.newFixedThreadPool(options.threads(), Threads.daemon("kiln-worker"));
    try {
      Files.createDirectories(options.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create work directory " + options.workDir(), e);
    }
  }

  @Override
  public <T> Dataset<T> read(List<? extends Split> splits, SplitReader<T> reader, Codec<T> codec) {
    return new LocalDataset.Source<>(this, List.copyOf(splits), reader, codec);
  }

  @Override
  public RunReports reports() {
    return reports;
  }

  @Override
  public void activity(String name) {
    this.activity = name;
  }

  @Override
  public EngineStatus status() {
    return new EngineStatus(read.records.sum(), read.inputBytes.sum(), read.textBytes.sum(), activity, step, tasksDone.get(), tasksTotal);
  }

  @Override
  public synchronized Map<String, ActivityTime> activityTimes() {
    return new LinkedHashMap<>(times);
  }

  @Override
  public void close() {
    tasks.shutdownNow();
    workers.shutdownNow();
  }

  String newStep(String kind) {
    return String.format("s%03d-%s", nextStep.getAndIncrement(), kind);
  }

  Path stepDir(String step) {
    Path dir = options.workDir().resolve(step);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  long taskMemory() {
    return Math.max(1 << 20, options.memoryBytes() / options.threads());
  }

  /** The body of one task; returns facts to keep in its done marker (may be empty). */
  interface TaskBody {
    Map<String, Long> run(int partition, TaskReports context) throws Exception;
  }

  /** A committed task's done marker: its facts (e.g. spill counts) and reports. */
  record Marker(Map<String, Long> facts, TaskReports.Summary reports) {}

  /**
   * Runs one task per partition, skipping those already committed. Returns each task's marker
   * facts. Accounting is merged in partition order once all tasks succeeded.
   */
  @SuppressWarnings("unchecked")
  List<Map<String, Long>> runTasks(String step, int partitions, TaskBody body) {
    long wall = System.nanoTime();
    long cpu = Cpu.processNanos();
    Path dir = stepDir(step);
    this.step = step;
    this.tasksTotal = partitions;
    this.tasksDone.set(0);
    java.util.concurrent.atomic.AtomicInteger skipped = new java.util.concurrent.atomic.AtomicInteger();
    List<Future<Marker>> futures = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      futures.add(tasks.submit(() -> {
        Path marker = dir.resolve(String.format("p-%05d.done", partition));
        if (Files.exists(marker)) {
          skipped.incrementAndGet();
          tasksDone.incrementAndGet();
          return Json.MAPPER.readValue(marker.toFile(), Marker.class);
        }
        TaskReports ctx = new TaskReports(partition, read, options.workDir().resolve("scratch"), reports.accumulators().definitions());
        Map<String, Long> facts = body.run(partition, ctx);
        commitLogs(step, partition, ctx);
        Marker m = new Marker(facts, ctx.summary());
        Path tmp = dir.resolve(marker.getFileName() + ".tmp");
        Json.MAPPER.writeValue(tmp.toFile(), m);
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
        tasksDone.incrementAndGet();
        return m;
      }));
    }
    List<Marker> results = new ArrayList<>();
    Throwable failure = null;
    for (Future<Marker> f : futures) {
      try {
        results.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      }
    }
    if (failure != null) {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    for (Marker r : results) {
      reports.merge(r.reports());
    }
    ActivityTime t = new ActivityTime(System.nanoTime() - wall, Cpu.processNanos() - cpu, 1, skipped.get() == partitions ? 1 : 0);
    synchronized (this) {
      times.merge(activity, t, ActivityTime::plus);
    }
    return results.stream().map(Marker::facts).toList();
  }

  private void commitLogs(String step, int partition, TaskReports ctx) throws IOException {
    String name = String.format("%s-p%05d", step, partition);
    if (ctx.hasQuarantined()) {
      Path dir = Files.createDirectories(options.logDir().resolve("quarantine"));
      Path tmp = dir.resolve(name + ".jsonl.tmp");
      ctx.writeQuarantine(Files.newOutputStream(tmp));
      Files.move(tmp, dir.resolve(name + ".jsonl"), StandardCopyOption.REPLACE_EXISTING);
    }
    if (ctx.hasDrops()) {
      List<Path[]> written = new ArrayList<>();
      ctx.writeDrops(stage -> {
        Path dir = Files.createDirectories(options.logDir().resolve(DropRecord.DIR).resolve(stage));
        Path tmp = dir.resolve(name + ".jsonl.gz.tmp");
        written.add(new Path[] {tmp, dir.resolve(name + ".jsonl.gz")});
        return new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16);
      });
      for (Path[] w : written) {
        Files.move(w[0], w[1], StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
