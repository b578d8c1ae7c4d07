package dev.audioml.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.source.Sources;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.train.testing.SyntheticSounds;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership end to end: opening and closing 10,000 pipelines of a trained model (each with its own extractor and
 * classifier holding ONNX Runtime tensors; the model, and with it its ONNX Runtime session, opened and closed again
 * every 10 pipelines) leaves the process's native memory flat.
 */
class PipelineLifecycleTest {
    private static final int PIPELINES = 10_000;
    private static final int PIPELINES_PER_MODEL = 10;
    private static final int WARM_UP = 1_000;
    private static final int SAMPLE_EVERY = 250;
    /**
     * A leaked session (the graph, its initialisers and arena: several hundred KiB) every 10 pipelines, or a leaked
     * 64 KiB input tensor per pipeline, would exceed this many times over.
     */
    private static final long MAX_NATIVE_GROWTH_BYTES = 24L << 20;

    @Test
    void tenThousandTrainedModelPipelinesLeaveNativeMemoryFlat(@TempDir Path tmp) throws Exception {
        Path data = SyntheticSounds.instruments(6);
        TrainingResult trained = Trainer.builder().data(data).out(tmp.resolve("out")).cacheDir(tmp.resolve("cache"))
                .backbone("logmel-stats").windowSeconds(1.0).gateDb(0.0).c(1.0).folds(2).repeats(1).seed(1)
                .testFraction(0.3).build().run();
        Path modelFile = trained.out().resolve("model.onnx");
        assertThat(modelFile).exists();
        AtomicInteger windows = new AtomicInteger();
        List<Long> samples = new ArrayList<>();
        float[] audio = null;
        for (int m = 0; m < PIPELINES / PIPELINES_PER_MODEL; m++) {
            // the model (its ONNX Runtime session) is opened and closed again every 10 pipelines
            try (OnnxModel model = OnnxModel.open(modelFile)) {
                if (audio == null) {
                    audio = new float[model.windowSamples()];
                    for (int i = 0; i < audio.length; i++) {
                        audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / model.sampleRateHz()));
                    }
                }
                for (int i = 0; i < PIPELINES_PER_MODEL; i++) {
                    int n = m * PIPELINES_PER_MODEL + i;
                    if (n >= WARM_UP && n % SAMPLE_EVERY == 0) {
                        samples.add(nativeBytes());
                    }
                    try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, model.sampleRateHz()))
                            .features(model.newExtractor()).classifier(model.newClassifier())
                            .window(model.windowSamples(), model.windowSamples())
                            .sink(new CallbackSink(c -> windows.incrementAndGet())).build()) {
                        p.run();
                    }
                }
            }
        }
        samples.add(nativeBytes());
        // the least of the first and of the last third: a collection or the allocator returning pages late makes
        // single readings jump by tens of MiB either way; a leak raises the floor
        int third = samples.size() / 3;
        long first = samples.subList(0, third).stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(Long::longValue).min()
                .orElseThrow();
        long growth = last - first;
        assertThat(windows.get()).isEqualTo(PIPELINES);
        assertThat(growth).as("resident memory outside the Java heap grew by %d bytes over %d pipelines", growth,
                PIPELINES - WARM_UP).isLessThan(MAX_NATIVE_GROWTH_BYTES);
    }

    /** Resident set size minus the committed Java heap, after a collection: native allocations and the rest. */
    private static long nativeBytes() throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024 - heap;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
