package dev.kiln.spark;

import dev.kiln.core.engine.ActivityTime;
import dev.kiln.core.engine.EngineStatus;
import dev.kiln.core.engine.ReadProgress;
import dev.kiln.core.engine.RunReports;
import dev.kiln.core.util.Cpu;
import dev.kiln.core.engine.Codec;
import dev.kiln.core.engine.Dataset;
import dev.kiln.core.engine.Engine;
import dev.kiln.core.engine.Split;
import dev.kiln.core.engine.SplitReader;
import dev.kiln.core.recipe.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs datasets on Apache Spark, embedded ({@code local[N]}) or on a cluster under
 * {@code spark-submit}. Per-document work becomes map partitions, {@code groupByKey} a Spark
 * shuffle sorted within partitions by (key, value) bytes, {@code checkpoint} a persisted RDD of
 * encoded records; spills and task retries are Spark's.
 *
 * <p>Accounting: each task attempt keeps its reports per (dataset, partition) and publishes them
 * when it succeeds (logs as files named after the dataset partition, counts through an
 * accumulator that keeps one report per key), so retried and recomputed partitions count once.
 */
public final class SparkEngine implements Engine {
  /** Default master when none is given and none comes from spark-submit. */
  public static final String DEFAULT_MASTER = "local[*]";

  /**
   * What Spark needs opened on Java 17 (the list spark-submit passes to its own JVMs); a JVM that
   * starts Spark itself, like bin/kiln, needs them on its command line.
   */
  public static final List<String> JAVA_OPTIONS = List.of(
      "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
      "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
      "sun.util.calendar").stream().map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();

  /** Worker threads a task may use for flatMap batches (default: see {@link #taskThreads}). */
  public static final String TASK_THREADS = "spark.kiln.task.threads";

  /**
   * @param master Spark master URL, or null for the one spark-submit set, else {@link #DEFAULT_MASTER}
   * @param workDir scratch space (Spark's local dir when Kiln starts Spark in local mode)
   * @param logDir where {@code quarantine/} and {@code dropped/} logs go: a local path or a URL
   *     such as {@code hdfs://nn/out} (written through Hadoop's file systems, see {@link HadoopStorage})
   * @param conf extra Spark settings, applied when Kiln starts Spark
   */
  public record Options(String master, Path workDir, String logDir, Map<String, String> conf) {
    public Options {
      conf = Map.copyOf(conf);
    }

    public Options(String master, Path workDir, Path logDir, Map<String, String> conf) {
      this(master, workDir, logDir.toString(), conf);
    }

    public static Options of(String master, Path workDir, Path logDir) {
      return new Options(master, workDir, logDir, Map.of());
    }
  }

  private final JavaSparkContext jsc;
  private final boolean ownsContext;
  private final String logDir;
  private final String engineId = UUID.randomUUID().toString();
  private final ReportAccumulator reports = new ReportAccumulator();
  private final Reports.Env env;
  private final RunReports merged = new RunReports();
  private volatile String activity = "";
  private volatile String step = "";
  private final Map<String, ActivityTime> times = new LinkedHashMap<>();
  private final AtomicInteger nextNode = new AtomicInteger();
  private final List<JavaRDD<?>> kept = new ArrayList<>();

  /** Starts Spark (or joins the Spark context already running in this JVM) and an engine on it. */
  public static SparkEngine start(Options options) {
    boolean existed = org.apache.spark.SparkContext$.MODULE$.getActive().isDefined();
    SparkContext sc = SparkContext.getOrCreate(conf(options));
    if (existed && options.master() != null && !options.master().equals(sc.master())) {
      throw new IllegalStateException("Spark is already running here with master " + sc.master() + ", not " + options.master());
    }
    return new SparkEngine(new JavaSparkContext(sc), !existed, options.logDir());
  }

  /** An engine on a Spark context the caller owns (and stops). */
  public SparkEngine(JavaSparkContext jsc, Path logDir) {
    this(jsc, false, logDir.toString());
  }

  /** An engine on a Spark context the caller owns, writing its logs to a local path or a URL. */
  public SparkEngine(JavaSparkContext jsc, String logDir) {
    this(jsc, false, logDir);
  }

  private SparkEngine(JavaSparkContext jsc, boolean ownsContext, String logDir) {
    this.jsc = jsc;
    this.ownsContext = ownsContext;
    // Executors may run elsewhere: a relative path means the driver's working directory.
    this.logDir = Recipe.isUrl(logDir) ? logDir : Path.of(logDir).toAbsolutePath().toString();
    jsc.sc().register(reports, "kiln-reports");
    this.env = new Reports.Env(reports, merged.accumulators(), this.logDir, engineId, taskThreads(jsc.getConf()));
  }

  /** The Spark settings Kiln starts Spark with; anything set by the user or spark-submit wins. */
  public static SparkConf conf(Options options) {
    checkJavaOptions();
    quietLogging();
    SparkConf conf = new SparkConf(true);
    if (options.master() != null) {
      conf.setMaster(options.master());
    } else {
      conf.setIfMissing("spark.master", DEFAULT_MASTER);
    }
    conf.setIfMissing("spark.app.name", "kiln");
    // Records cross shuffles and checkpoints as byte arrays, which Kryo writes with no overhead.
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    options.conf().forEach(conf::set);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.ui.showConsoleProgress", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      if (options.workDir() != null) {
        Path local = options.workDir().resolve("spark").toAbsolutePath();
        try {
          Files.createDirectories(local);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create " + local, e);
        }
        conf.setIfMissing("spark.local.dir", local.toString());
      }
    }
    return conf;
  }

  /**
   * Threads a task may use for flatMap batches: {@value #TASK_THREADS} if set; in local mode the
   * local cores (all tasks share one pool of that size, as on the local engine); on a cluster
   * {@code spark.task.cpus}, the cores Spark reserves for each task.
   */
  static int taskThreads(SparkConf conf) {
    if (conf.contains(TASK_THREADS)) {
      return Math.max(1, conf.getInt(TASK_THREADS, 1));
    }
    String master = conf.get("spark.master", DEFAULT_MASTER);
    Matcher m = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?").matcher(master);
    if (m.matches()) {
      String n = m.group(1);
      return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }
    return Math.max(1, conf.getInt("spark.task.cpus", 1));
  }

  /** Fails early, naming the fix, when this JVM lacks the options Spark needs on Java 17. */
  static void checkJavaOptions() {
    Module base = Object.class.getModule();
    Module me = SparkEngine.class.getModule();
    for (String o : JAVA_OPTIONS) {
      String pkg = o.substring(o.indexOf('/') + 1, o.lastIndexOf('='));
      if (!base.isOpen(pkg, me)) {
        throw new IllegalStateException("Spark needs this JVM started with " + String.join(" ", JAVA_OPTIONS)
            + " (missing: " + o + "); bin/kiln passes them, a plain java command must add them");
      }
    }
  }

  /** Keeps Spark's own logging at WARN unless a log4j2 configuration was chosen. */
  static void quietLogging() {
    if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "kiln-spark-log4j2.properties");
    }
  }

  public JavaSparkContext jsc() {
    return jsc;
  }

  Reports.Env env() {
    return env;
  }

  String newNode(String kind) {
    return String.format("n%05d-%s", nextNode.getAndIncrement(), kind);
  }

  void keep(JavaRDD<?> rdd) {
    kept.add(rdd);
  }

  /**
   * Builds an RDD around a Kiln function. Spark checks there that the function serializes, since
   * it must travel to executors; a failure names the function rather than Spark's internals.
   */
  <R> R plan(Object fn, Supplier<R> build) {
    try {
      return build.get();
    } catch (Exception e) {
      if (e instanceof RuntimeException r && !e.getClass().getName().startsWith("org.apache.spark")) {
        throw r;
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException("cannot ship " + fn.getClass().getName() + " to Spark executors (it must be Serializable, "
          + "with nothing unserializable inside): " + root, e);
    }
  }

  /** Runs a Spark job; on success, merges the reports of the tasks it completed. */
  <R> R action(String what, Supplier<R> job) {
    jsc.setJobDescription("kiln " + activity + " " + what);
    step = what;
    long wall = System.nanoTime();
    long cpu = Cpu.processNanos();
    R result;
    try {
      result = job.get();
    } catch (Exception e) {
      // Spark's SparkException is checked in Java terms but thrown anyway; name the root cause.
      if (e instanceof RuntimeException r && !e.getClass().getName().startsWith("org.apache.spark")) {
        throw r;
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException("Spark " + what + " failed: " + root, e);
    }
    mergeReports();
    // Executors elsewhere spend CPU this JVM cannot see: process CPU counts only in local mode.
    ActivityTime t = new ActivityTime(System.nanoTime() - wall, jsc.isLocal() ? Cpu.processNanos() - cpu : 0, 1, 0);
    synchronized (this) {
      times.merge(activity, t, ActivityTime::plus);
    }
    step = "";
    return result;
  }

  private void mergeReports() {
    reports.drainInto(merged);
  }

  /** Reports that came again for a partition already counted, and were ignored (retries, recomputations). */
  public long duplicateReports() {
    return reports.duplicates();
  }

  @Override
  public <T> Dataset<T> read(List<? extends Split> splits, SplitReader<T> reader, Codec<T> codec) {
    return SparkDataset.source(this, List.copyOf(splits), reader, codec);
  }

  @Override
  public RunReports reports() {
    return merged;
  }

  @Override
  public void activity(String name) {
    this.activity = name;
  }

  @Override
  public EngineStatus status() {
    // Executors count in their own JVM: only in local mode is that this one.
    ReadProgress p = Reports.progress(engineId);
    boolean here = jsc.isLocal();
    return new EngineStatus(here ? p.records.sum() : -1, here ? p.inputBytes.sum() : -1, here ? p.textBytes.sum() : -1, activity, step, 0, 0);
  }

  @Override
  public synchronized Map<String, ActivityTime> activityTimes() {
    return new LinkedHashMap<>(times);
  }

  @Override
  public void close() {
    try {
      if (!jsc.sc().isStopped()) {
        for (JavaRDD<?> r : kept) {
          r.unpersist(false);
        }
      }
    } finally {
      kept.clear();
      Reports.forget(engineId);
      if (ownsContext) {
        jsc.stop();
      }
    }
  }
}
