package dev.kiln.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The reference side of {@code kiln bench dedup}: Spark MLlib's {@code MinHashLSH} and
 * {@code approxSimilarityJoin} in local mode on the same shingles Kiln uses. Runs in its own JVM
 * (started by {@link DedupBench} with the {@code --add-opens} flags Spark needs on Java 17).
 *
 * <p>Arguments: shingles file (per document: count, then that many shingle indices as ints), pairs
 * output file, Jaccard threshold, hash tables, threads, warm-up runs, timed rounds. After the
 * warm-up runs on all documents, writes the rounds, each timed round's elapsed seconds, its CPU seconds (of the measured
 * part: fit, transform, join, collect; not session start-up), then the pairs.
 */
public final class SparkMinHashLsh {
  private SparkMinHashLsh() {}

  public static void main(String[] args) throws Exception {
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    double threshold = Double.parseDouble(args[2]);
    int tables = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    int warmups = Integer.parseInt(args[5]);
    int rounds = Integer.parseInt(args[6]);
    List<Row> rows = new ArrayList<>();
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(in), 1 << 16))) {
      int n = d.readInt();
      for (int i = 0; i < n; i++) {
        int k = d.readInt();
        int[] idx = new int[k];
        for (int j = 0; j < k; j++) {
          idx[j] = d.readInt();
        }
        Arrays.sort(idx);
        if (k == 0) {
          continue;
        }
        double[] ones = new double[k];
        Arrays.fill(ones, 1.0);
        rows.add(RowFactory.create(i, Vectors.sparse(1 << 30, idx, ones)));
      }
    }
    SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("kiln-bench-mllib")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, threads * 2)))
        .config("spark.driver.memory", "3g").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("features", SQLDataTypes.VectorType());
    // Warm-up on all documents, so the JIT and Spark's code generation are not charged to the timed rounds.
    for (int w = 0; w < warmups; w++) {
      run(spark, rows, schema, threshold, tables);
    }
    List<Row> pairs = null;
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double[] wall = new double[rounds];
    double[] cpu = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long cpu0 = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      long t0 = System.nanoTime();
      pairs = run(spark, rows, schema, threshold, tables);
      wall[r] = (System.nanoTime() - t0) / 1e9;
      cpu[r] = (((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0) / 1e9;
    }
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
      o.writeInt(rounds);
      for (int r = 0; r < rounds; r++) {
        o.writeDouble(wall[r]);
        o.writeDouble(cpu[r]);
      }
      o.writeInt(pairs.size());
      for (Row r : pairs) {
        o.writeInt(r.getInt(0));
        o.writeInt(r.getInt(1));
      }
    }
    spark.stop();
  }

  private static List<Row> run(SparkSession spark, List<Row> rows, StructType schema, double threshold, int tables) {
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    MinHashLSHModel model = new MinHashLSH().setNumHashTables(tables).setSeed(1).setInputCol("features").setOutputCol("hashes").fit(df);
    Dataset<Row> hashed = model.transform(df).cache();
    // MLlib keeps pairs whose Jaccard distance is strictly below the threshold; Kiln keeps J >= t.
    return model.approxSimilarityJoin(hashed, hashed, 1 - threshold + 1e-9, "distance")
        .selectExpr("datasetA.id as a", "datasetB.id as b").where("a < b").collectAsList();
  }
}
