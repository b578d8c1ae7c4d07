package dev.audioml.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audioml spark tag|embed|train}: the corpus jobs of audioml-spark. Spark is not in {@code audioml.jar} (it
 * would multiply its size and startup): under {@code spark-submit} Spark is on the class path and the job runs; from
 * the plain CLI the command starts a second JVM with Spark's jars from {@code $SPARK_HOME/jars} or, in a source
 * checkout, the ones the build resolved ({@code AUDIOML_SPARK_CLASSPATH}, set by {@code ./audioml}).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Tag, embed or train on an audio corpus with Apache Spark (see docs/spark.md).",
            "Runs on --master (default local[*]) or on the cluster spark-submit gives."},
        subcommands = {SparkCommand.Tag.class, SparkCommand.Embed.class, SparkCommand.Train.class})
public final class SparkCommand implements Runnable {
    /** The JVM options Spark 4 needs on JDK 17 (the list Spark's own launcher and tests use). */
    static final List<String> JVM_OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");
    /** Environment variable: Spark's jars as a class path (set by {@code ./audioml} from the build). */
    static final String CLASSPATH_ENV = "AUDIOML_SPARK_CLASSPATH";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: tag, embed or train (see audioml spark --help)");
    }

    /** Options every Spark job takes. */
    static final class JobOptions {
        @Option(names = "--in", required = true, paramLabel = "PATH",
                description = "Audio files or folders (searched recursively), on any Hadoop file system; repeatable.")
        List<String> in;

        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master, e.g. local[*] (the default outside spark-submit), local[2], spark://host:7077.")
        String master;

        @Option(names = "--partitions", paramLabel = "N",
                description = "Spread the files over N tasks (default: as Spark lists them; raise it for few large folders).")
        Integer partitions;

        @Option(names = "--overwrite", description = "Replace outputs that exist (default: fail).")
        boolean overwrite;
    }

    /** The backbone, window and hop of {@code embed} and {@code train}. */
    static final class BackboneOptions {
        @Option(names = "--backbone", defaultValue = "logmel-stats", paramLabel = "B",
                description = "logmel-stats (default), oww-embedding or onnx:PATH[#TENSOR] (PATH readable on every executor).")
        String name;

        @Option(names = "--window-seconds", defaultValue = "1.0", paramLabel = "S",
                description = "Window in seconds (default: ${DEFAULT-VALUE}).")
        double windowSeconds;

        @Option(names = "--hop", paramLabel = "S", description = "Hop in seconds (default: half the window).")
        Double hopSeconds;

        void validate() {
            ModelOptions.requirePositive("--hop", hopSeconds);
            ModelOptions.requirePositive("--window-seconds", windowSeconds);
        }

        /** @return an embedder builder with these settings */
        dev.audioml.spark.AudioEmbedder.Builder embedder() {
            return dev.audioml.spark.AudioEmbedder.builder().backbone(name).windowSeconds(windowSeconds)
                    .hopSeconds(hopSeconds);
        }
    }

    /** {@code audioml spark tag}. */
    @Command(name = "tag", mixinStandardHelpOptions = true,
            description = {"Score every file as 'audioml classify' does and write the window scores as Parquet:",
                "(path, start_s, end_s, label, score), one row per window and label."})
    static final class Tag implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "M",
                description = "ONNX model file (metadata in it or next to it; shipped to the executors) or a preset name.")
        String model;

        @Option(names = "--hop", paramLabel = "S", description = "Hop between windows in seconds (default: the model's own).")
        Double hopSeconds;

        @Option(names = "--out", required = true, paramLabel = "OUT.parquet", description = "Window scores.")
        String out;

        @Option(names = "--events-out", paramLabel = "E.parquet",
                description = "Also write events (path, label, start_s, end_s, score) by the model's own events step.")
        String eventsOut;

        @Option(names = "--status-out", paramLabel = "S.parquet",
                description = "Also write one row per file (path, duration_s, error).")
        String statusOut;

        @Option(names = "--intra-op-threads", defaultValue = "1", paramLabel = "N",
                description = {"ONNX Runtime threads per window of a model file's sessions (default: ${DEFAULT-VALUE}, as",
                    "Spark runs one task per core; 0: ONNX Runtime's choice). Presets always use one."})
        int intraOpThreads;

        @Mixin
        JobOptions job;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ModelOptions.requirePositive("--hop", hopSeconds);
            if (intraOpThreads < 0) {
                throw new Main.UsageException("--intra-op-threads must be >= 0, got " + intraOpThreads);
            }
            return runOrRelaunch(spec, job, () -> SparkJobs.tag(this, spec.commandLine().getErr()));
        }
    }

    /** {@code audioml spark embed}. */
    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = {"Compute a training backbone's embeddings of every window and write them as Parquet:",
                "(path, start_s, vector), the vectors 'audioml train' fits its head on."})
    static final class Embed implements Callable<Integer> {
        @Mixin
        BackboneOptions backbone;

        @Option(names = "--pooling", paramLabel = "P", description = "The backbone's pooling (default: its first).")
        String pooling;

        @Option(names = "--out", required = true, paramLabel = "OUT.parquet", description = "Embeddings.")
        String out;

        @Option(names = "--status-out", paramLabel = "S.parquet",
                description = "Also write one row per file (path, duration_s, error).")
        String statusOut;

        @Mixin
        JobOptions job;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            backbone.validate();
            return runOrRelaunch(spec, job, () -> SparkJobs.embed(this, spec.commandLine().getErr()));
        }
    }

    /** {@code audioml spark train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train a classifier on a corpus: <in>/<label>/**/*.wav|flac|ogg|mp3, embeddings on Spark,",
                "the head fitted on the driver; writes one self-contained model.onnx as 'audioml train' does."})
    static final class Train implements Callable<Integer> {
        @Mixin
        BackboneOptions backbone;

        @Option(names = "--c", defaultValue = "1.0", paramLabel = "C",
                description = "Inverse regularisation strength, as scikit-learn's C (default: ${DEFAULT-VALUE}).")
        double c;

        @Option(names = "--out", required = true, paramLabel = "MODEL.onnx", description = "The model to write (local file).")
        Path out;

        @Option(names = "--mllib", negatable = true, description = {"Fit the logistic head with Spark MLlib on the executors",
            "(--no-mllib: on the driver; default: MLlib above 500000 windows)."})
        Boolean mllib;

        @Mixin
        JobOptions job;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            backbone.validate();
            ModelOptions.requirePositive("--c", c);
            if (Files.exists(out) && !job.overwrite) {
                throw new Main.UsageException(out + " exists (add --overwrite to replace it)");
            }
            return runOrRelaunch(spec, job, () -> SparkJobs.train(this, spec.commandLine().getErr()));
        }
    }

    private static int runOrRelaunch(CommandSpec spec, JobOptions job, Callable<Integer> body) throws Exception {
        if (job.partitions != null && job.partitions < 1) {
            throw new Main.UsageException("--partitions must be >= 1, got " + job.partitions);
        }
        if (isSparkPresent()) {
            return body.call();
        }
        return relaunch(spec.root().commandLine().getParseResult().originalArgs());
    }

    static boolean isSparkPresent() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Starts {@code java ... dev.audioml.cli.Main <args>} with this jar and Spark's jars; returns its exit code. */
    private static int relaunch(List<String> args) throws IOException, InterruptedException {
        String sparkClassPath = System.getenv(CLASSPATH_ENV);
        String sparkHome = System.getenv("SPARK_HOME");
        if ((sparkClassPath == null || sparkClassPath.isBlank()) && sparkHome != null && !sparkHome.isBlank()) {
            Path jars = Path.of(sparkHome, "jars");
            if (!Files.isDirectory(jars)) {
                throw new IllegalStateException("SPARK_HOME=" + sparkHome + " has no jars/ folder: point it at a Spark 4 "
                        + "installation");
            }
            sparkClassPath = jars + File.separator + "*";
        }
        if (sparkClassPath == null || sparkClassPath.isBlank()) {
            throw new IllegalStateException("Spark is not on the class path: set SPARK_HOME to a Spark 4.x (Scala 2.13)"
                    + " installation, run ./audioml from a source checkout, or use spark-submit (docs/spark.md)");
        }
        String self;
        try {
            self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the audioml jar: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPENS);
        command.add("-Dlog4j2.configurationFile=classpath:dev/audioml/cli/spark-log4j2.properties");
        // Spark's logging backend, not the CLI's silent one (and no "multiple SLF4J providers" warning)
        command.add("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
        command.add("-Dslf4j.internal.verbosity=WARN");
        command.add("-cp");
        command.add(self + File.pathSeparator + sparkClassPath);
        command.add(Main.class.getName());
        command.addAll(args);
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }
}
