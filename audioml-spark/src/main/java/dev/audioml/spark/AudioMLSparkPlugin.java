package dev.audioml.spark;

import dev.audioml.spark.internal.ExecutorResources;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes the ONNX Runtime sessions an executor shares between its tasks when the executor shuts down. Enable it with
 * {@code --conf spark.plugins=dev.audioml.spark.AudioMLSparkPlugin} (or {@link AudioMLSpark#configure}); without it a
 * JVM shutdown hook closes them, which is enough for executors that end with their JVM.
 *
 * <p>Thread-safe; Spark creates one per JVM.
 *
 * @since 0.1
 */
public final class AudioMLSparkPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void shutdown() {
                ExecutorResources.closeAll();
            }
        };
    }
}
