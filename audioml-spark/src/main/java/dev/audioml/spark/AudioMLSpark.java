package dev.audioml.spark;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Entry points for audio on Spark: the session setting AudioML wants, and the audio inputs every AudioML job takes.
 *
 * <p>An input is a DataFrame with a string column {@code path} and, optionally, a binary column {@code content} (the
 * shape of Spark's {@code binaryFile} source): with {@code content} the executors decode those bytes, without it they
 * read {@code path} themselves (a local or shared file system path, or any Hadoop file system URI).
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class AudioMLSpark {
    /** The file name patterns {@link #readAudio} picks up by default: every container AudioML decodes. */
    public static final String AUDIO_GLOB = "*.{wav,WAV,wave,aif,aiff,aifc,AIF,AIFF,au,snd,flac,FLAC,ogg,oga,OGG,mp3,MP3}";

    private AudioMLSpark() {
    }

    /**
     * Adds {@link AudioMLSparkPlugin} to a session being built (after any {@code spark.plugins} given to
     * {@code spark-submit}), so executors close their shared sessions when they shut down.
     *
     * @param builder a session builder
     * @return the same builder
     */
    public static SparkSession.Builder configure(SparkSession.Builder builder) {
        // spark-submit passes --conf values as system properties: keep the user's plugins
        String plugin = AudioMLSparkPlugin.class.getName();
        String given = System.getProperty("spark.plugins", "");
        return builder.config("spark.plugins", given.isBlank() ? plugin
                : Arrays.asList(given.split(",")).contains(plugin) ? given : given + "," + plugin);
    }

    /**
     * Reads the audio files under {@code paths} (recursively) with Spark's {@code binaryFile} source.
     *
     * @param spark the session
     * @param paths files or folders, on any Hadoop file system
     * @return {@code (path, content)}, one row per file
     */
    public static Dataset<Row> readAudio(SparkSession spark, String... paths) {
        return spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", AUDIO_GLOB)
                .load(paths)
                .select("path", "content");
    }

    /**
     * @param name the parameter, for the message
     * @param seconds a number of seconds, or null
     * @return {@code seconds}
     * @throws IllegalArgumentException if given and not a positive finite number
     */
    static Double requirePositiveSeconds(String name, Double seconds) {
        if (seconds != null && !(seconds > 0 && seconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be a positive number of seconds, got " + seconds);
        }
        return seconds;
    }

    /**
     * Normalises an input to {@code (path, content)}; {@code content} is null where the input has none.
     *
     * @param input a DataFrame with a string {@code path} column and optionally a binary {@code content} column
     * @return the two columns
     * @throws IllegalArgumentException if {@code path} is missing or a column has the wrong type, naming it
     */
    static Dataset<Row> files(Dataset<Row> input) {
        String[] columns = input.columns();
        if (!Arrays.asList(columns).contains("path")
                || !input.schema().apply("path").dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("audio input needs a string column \"path\" (and optionally a binary "
                    + "column \"content\", as Spark's binaryFile source gives), got columns " + Arrays.toString(columns));
        }
        Column content;
        if (Arrays.asList(columns).contains("content")) {
            if (!input.schema().apply("content").dataType().equals(DataTypes.BinaryType)) {
                throw new IllegalArgumentException("audio input column \"content\" must be binary, got "
                        + input.schema().apply("content").dataType().simpleString());
            }
            content = functions.col("content");
        } else {
            content = functions.lit(null).cast(DataTypes.BinaryType).as("content");
        }
        return input.select(functions.col("path"), content);
    }
}
