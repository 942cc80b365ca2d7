package dev.kiln.bench.tokenizer;

import static dev.kiln.core.util.Preconditions.checkArgument;

import dev.kiln.tokenizer.Tokenizer;
import dev.kiln.tokenizer.tool.JsonlFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kiln bench tokenize}: encodes the same texts with Kiln and a reference in one run
 * (warm-up, then alternating timed rounds) and reports MB/s of UTF-8 input for both, and the
 * time each took to load the tokenizer (Kiln's first, in a cold JVM). The last line printed is
 * a JSON summary.
 */
public final class TokenizeBench {
    /**
     * The bench's options; limitMb caps the input read, warmups the untimed passes and rounds the
     * timed rounds per encoder. With scaling, each round also times Kiln on one thread, so the
     * speed-up of threads over one is measured in the same JVM.
     */
    public record Options(Path tokenizer, Path input, String textField, int threads, String reference,
                          double limitMb, int warmups, int rounds, boolean scaling) {
        public Options {
            checkArgument(threads >= 1, "threads must be at least 1, got " + threads);
            checkArgument(limitMb > 0, "limit-mb must be positive, got " + limitMb);
            checkArgument(warmups >= 1, "warmups must be at least 1, got " + warmups);
            checkArgument(rounds >= 1, "rounds must be at least 1, got " + rounds);
            checkArgument(!scaling || threads >= 2, "scaling compares threads with one thread: give --threads 2 or more");
        }
    }

    /**
     * The measured result; the JSON form is what the bench prints last. kilnOneThreadMbs is NaN
     * unless scaling was asked for.
     */
    public record Result(double kilnMbs, double refMbs, String reference, int threads, long kilnTokens, long refTokens,
                         double megabytes, double kilnLoadSeconds, double refLoadSeconds, double kilnOneThreadMbs) {
        public double ratio() {
            return kilnMbs / refMbs;
        }

        /** Kiln's MB/s on all threads over its MB/s on one, both medians of the same run's rounds. */
        public double scaling() {
            return kilnMbs / kilnOneThreadMbs;
        }

        public String toJson() {
            String json = String.format(Locale.ROOT,
                    "{\"kiln_mb_s\": %.2f, \"ref_mb_s\": %.2f, \"reference\": \"%s\", \"ratio\": %.2f, \"threads\": %d, "
                            + "\"kiln_load_s\": %.3f, \"ref_load_s\": %.3f",
                    kilnMbs, refMbs, reference, ratio(), threads, kilnLoadSeconds, refLoadSeconds);
            if (!Double.isNaN(kilnOneThreadMbs)) {
                json += String.format(Locale.ROOT, ", \"kiln_1_thread_mb_s\": %.2f, \"scaling\": %.2f", kilnOneThreadMbs, scaling());
            }
            return json + "}";
        }
    }

    private TokenizeBench() {}

    public static Result run(Options o, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        Tokenizer tokenizer = Tokenizer.fromFile(o.tokenizer());
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        List<String> texts = JsonlFiles.readTexts(o.input(), o.textField(), (long) (o.limitMb() * 1_000_000));
        long bytes = 0;
        for (String t : texts) {
            bytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        double mb = bytes / 1e6;
        out.printf(Locale.ROOT, "tokenizer %s (loaded in %.2f s); input %s: %d texts, %.2f MB; %d thread(s)%n",
                o.tokenizer(), loadSeconds, o.input(), texts.size(), mb, o.threads());
        Encoder kiln = new Encoder() {
            @Override
            public String name() {
                return "kiln";
            }

            @Override
            public int encode(String text) {
                return tokenizer.encode(text).length;
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "bench");
            t.setDaemon(true);
            return t;
        });
        long r0 = System.nanoTime();
        try (Encoder ref = References.create(o.reference(), o.tokenizer())) {
            double refLoadSeconds = (System.nanoTime() - r0) / 1e9;
            out.printf(Locale.ROOT, "load: kiln %.3f s, %s %.3f s%n", loadSeconds, ref.name(), refLoadSeconds);
            // Warm-up: let the JIT compile both paths before anything is timed. One pass is not
            // enough with as many threads as cores: the compiler threads then wait for a core, and
            // the first timed rounds were still climbing (qwen3, 2 threads: 88, 105, 118, then 150 MB/s).
            long kilnTokens = 0;
            long refTokens = 0;
            for (int w = 0; w < o.warmups(); w++) {
                kilnTokens = time(kiln, texts, pool, o.threads())[1];
                refTokens = time(ref, texts, pool, o.threads())[1];
            }
            out.printf(Locale.ROOT, "tokens: kiln %d, %s %d%s%n", kilnTokens, ref.name(), refTokens,
                    kilnTokens == refTokens ? "" : " (counts differ)");
            double[] kilnMbs = new double[o.rounds()];
            double[] refMbs = new double[o.rounds()];
            double[] kilnOneMbs = new double[o.rounds()];
            for (int r = 0; r < o.rounds(); r++) {
                kilnMbs[r] = mb / (time(kiln, texts, pool, o.threads())[0] / 1e9);
                refMbs[r] = mb / (time(ref, texts, pool, o.threads())[0] / 1e9);
                out.printf(Locale.ROOT, "round %d: kiln %.2f MB/s, %s %.2f MB/s", r + 1, kilnMbs[r], ref.name(), refMbs[r]);
                if (o.scaling()) {
                    kilnOneMbs[r] = mb / (time(kiln, texts, pool, 1)[0] / 1e9);
                    out.printf(Locale.ROOT, ", kiln on 1 thread %.2f MB/s", kilnOneMbs[r]);
                }
                out.println();
            }
            Result result = new Result(median(kilnMbs), median(refMbs), o.reference(), o.threads(), kilnTokens, refTokens,
                    mb, loadSeconds, refLoadSeconds, o.scaling() ? median(kilnOneMbs) : Double.NaN);
            out.printf(Locale.ROOT, "median: kiln %.2f MB/s, %s %.2f MB/s, ratio %.2f%s%n",
                    result.kilnMbs(), ref.name(), result.refMbs(), result.ratio(),
                    o.scaling() ? String.format(Locale.ROOT, "; kiln on 1 thread %.2f MB/s, scaling %.2f",
                            result.kilnOneThreadMbs(), result.scaling()) : "");
            out.println(result.toJson());
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {elapsed nanos, total ids} for one pass over texts on the pool's threads. */
    private static long[] time(Encoder encoder, List<String> texts, ExecutorService pool, int threads) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            workers.add(pool.submit(() -> {
                long n = 0;
                for (int i; (i = next.getAndIncrement()) < texts.size(); ) {
                    n += encoder.encode(texts.get(i));
                }
                tokens.addAndGet(n);
            }));
        }
        try {
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(encoder.name() + " failed", e.getCause());
        }
        return new long[] {System.nanoTime() - start, tokens.get()};
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
