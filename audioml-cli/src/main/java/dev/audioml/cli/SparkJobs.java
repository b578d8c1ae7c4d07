package dev.audioml.cli;

import dev.audioml.onnx.ModelResolver;
import dev.audioml.spark.AudioEmbedder;
import dev.audioml.spark.AudioMLSpark;
import dev.audioml.spark.AudioTagger;
import dev.audioml.spark.CorpusTrainer;
import dev.audioml.spark.TagResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The Spark side of {@link SparkCommand}: loaded only once Spark is known to be on the class path, so that the rest of
 * the CLI never needs Spark's classes.
 */
final class SparkJobs {
    /** Failed files listed one per line before the count; the rest are in --status-out. */
    private static final int LISTED_FAILURES = 10;

    private SparkJobs() {
    }

    static int tag(SparkCommand.Tag t, PrintWriter err) throws IOException {
        AudioTagger tagger;
        try {
            tagger = AudioTagger.builder().model(t.model).hopSeconds(t.hopSeconds)
                    .intraOpThreads(t.intraOpThreads).build();
        } catch (ModelResolver.UnknownModelException e) {
            throw new Main.UsageException(e.getMessage());
        }
        SparkSession spark = session(t.job, "audioml spark tag");
        try {
            requireAbsent(spark, t.job, t.out, t.eventsOut, t.statusOut);
            long[] t0 = {System.nanoTime(), cpuNanos()};
            try (TagResult r = tagger.tag(input(spark, t.job))) {
                write(r.windows(), t.out, t.job);
                if (t.eventsOut != null) {
                    write(r.events(), t.eventsOut, t.job);
                }
                if (t.statusOut != null) {
                    write(r.status(), t.statusOut, t.job);
                }
                return summary("tag", r.status(), t0, t.out, err);
            }
        } finally {
            spark.stop();
        }
    }

    static int embed(SparkCommand.Embed e, PrintWriter err) throws IOException {
        AudioEmbedder embedder;
        try {
            embedder = e.backbone.embedder().pooling(e.pooling).build();
        } catch (IllegalArgumentException ex) {
            throw new Main.UsageException(ex.getMessage());
        }
        SparkSession spark = session(e.job, "audioml spark embed");
        try {
            requireAbsent(spark, e.job, e.out, e.statusOut);
            long[] t0 = {System.nanoTime(), cpuNanos()};
            try (TagResult r = embedder.embed(input(spark, e.job))) {
                write(r.embeddings(), e.out, e.job);
                if (e.statusOut != null) {
                    write(r.status(), e.statusOut, e.job);
                }
                return summary("embed", r.status(), t0, e.out, err);
            }
        } finally {
            spark.stop();
        }
    }

    static int train(SparkCommand.Train t, PrintWriter err) {
        AudioEmbedder embedder;
        try {
            embedder = t.backbone.embedder().build();
        } catch (IllegalArgumentException ex) {
            throw new Main.UsageException(ex.getMessage());
        }
        SparkSession spark = session(t.job, "audioml spark train");
        try {
            // the label is the name of the folder a file is in: <in>/<label>/.../clip.wav
            Dataset<Row> labelled = input(spark, t.job).withColumn("label",
                    functions.regexp_extract(functions.col("path"), ".*/([^/]+)/[^/]+$", 1));
            CorpusTrainer.Result r = CorpusTrainer.builder().embedder(embedder).c(t.c).mllib(t.mllib).build()
                    .train(labelled, t.out);
            err.printf("audioml spark train: %d files (%d unreadable), %d windows, labels %s, head fitted %s, training"
                    + " accuracy %.3f -> %s%n", r.files(), r.failedFiles(), r.windows(), r.labels(),
                    r.isMllib() ? "by Spark MLlib" : "on the driver", r.trainingAccuracy(), t.out);
            err.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    private static SparkSession session(SparkCommand.JobOptions job, String name) {
        SparkSession.Builder b = AudioMLSpark.configure(SparkSession.builder().appName(name));
        String master = job.master != null ? job.master : System.getProperty("spark.master", "local[*]");
        b.master(master);
        if (master.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }

    private static Dataset<Row> input(SparkSession spark, SparkCommand.JobOptions job) {
        Dataset<Row> in = AudioMLSpark.readAudio(spark, job.in.toArray(String[]::new));
        return job.partitions == null ? in : in.repartition(job.partitions);
    }

    private static void requireAbsent(SparkSession spark, SparkCommand.JobOptions job, String... outs)
            throws IOException {
        if (job.overwrite) {
            return;
        }
        for (String out : outs) {
            if (out == null) {
                continue;
            }
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out);
            if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                throw new Main.UsageException(out + " exists (add --overwrite to replace it)");
            }
        }
    }

    private static void write(Dataset<Row> rows, String out, SparkCommand.JobOptions job) {
        rows.write().mode(job.overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
    }

    /** @return the CPU time of this whole JVM (every thread: Spark's tasks and its own) in ns, or 0 if unknown */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static int summary(String command, Dataset<Row> status, long[] t0, String out, PrintWriter err) {
        long files = status.count();
        List<Row> failed = status.where("error IS NOT NULL").orderBy("path").limit(LISTED_FAILURES).collectAsList();
        long failedCount = failed.size() < LISTED_FAILURES ? failed.size()
                : status.where("error IS NOT NULL").count();
        double seconds = (System.nanoTime() - t0[0]) / 1e9;
        double cpuSeconds = (cpuNanos() - t0[1]) / 1e9;
        for (Row f : failed) {
            err.println("audioml spark " + command + ": " + f.getString(0) + ": " + f.getString(2));
        }
        if (failedCount > failed.size()) {
            err.println("audioml spark " + command + ": ... and " + (failedCount - failed.size())
                    + " more (see --status-out)");
        }
        err.printf("audioml spark %s: %d files in %.1f s (%.2f files/s; process CPU %.1f s, %.3f s per file) -> %s%n",
                command, files, seconds, files / seconds, cpuSeconds, cpuSeconds / Math.max(1, files), out);
        if (failedCount > 0) {
            err.println("audioml spark " + command + ": " + failedCount + " of " + files + " files failed");
        }
        err.flush();
        return failedCount > 0 ? 1 : 0;
    }
}
