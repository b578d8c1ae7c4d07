package dev.audioml.bench.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.OnnxClassifier;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.OutputMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does {@link OnnxClassifier} add on top of a bare {@code OrtSession.run} of the same model, per window and per
 * batch, and how do batch size and intra-op threads change the cost? The model is the generated log-mel classifier
 * ({@link BenchInputs#classifierModel()}: {@code [batch, 101, 64]} in, 10 softmax scores out). One op is one batch of
 * {@code batch} windows: divide by {@code batch} for the per-window cost. {@code audiomlClassifier} uses
 * {@code classify} for batch 1 (the live path) and {@code classifyBatch} otherwise; {@code bareOrtRun} writes the
 * same windows into a preallocated direct tensor, runs with a preallocated (pinned) output tensor and copies the
 * scores out: the least any caller can do with ONNX Runtime's Java API (target: AudioML within 5 %). Both sessions
 * have the same options (intra-op {@code intraOpThreads}, inter-op 1, all optimizations). Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar OnnxClassifier -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 */
public class OnnxClassifierBenchmark extends BenchmarkDefaults {
    @Param({"1", "8", "32"})
    public int batch;
    @Param({"1", "2"})
    public int intraOpThreads;
    /** Whether idle pool threads spin (ONNX Runtime's default); {@code -p spinning=false} for busy shared cores. */
    @Param({"true"})
    public boolean spinning = true;

    private OnnxSession session;
    private OnnxClassifier classifier;
    private List<FeatureFrame> frames;
    private float[][] scores;

    private OrtSession bare;
    private FloatBuffer bareInput;
    private OnnxTensor bareTensor;
    private FloatBuffer bareOutput;
    private OnnxTensor bareOutputTensor;
    private Map<String, OnnxTensor> bareInputs;
    private Map<String, OnnxTensor> bareOutputs;
    private float[] window;
    private float[] bareScores;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        byte[] model = BenchInputs.classifierModel();
        session = OnnxSession.open(model, "bench_mlp",
                OnnxSessionOptions.builder().intraOpThreads(intraOpThreads).interOpThreads(1).allowSpinning(spinning).build());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < BenchInputs.CLASSIFIER_CLASSES; i++) {
            labels.add("class" + i);
        }
        classifier = OnnxClassifier.builder(session).labels(labels).outputMode(OutputMode.SCORES)
                .frameShape(BenchInputs.CLASSIFIER_FRAMES, BenchInputs.CLASSIFIER_BANDS).build();
        int elements = BenchInputs.CLASSIFIER_FRAMES * BenchInputs.CLASSIFIER_BANDS;
        window = BenchInputs.noise(elements);
        frames = new ArrayList<>();
        scores = new float[batch][BenchInputs.CLASSIFIER_CLASSES];
        for (int b = 0; b < batch; b++) {
            FeatureFrame f = new FeatureFrame(BenchInputs.CLASSIFIER_FRAMES, BenchInputs.CLASSIFIER_BANDS);
            System.arraycopy(window, 0, f.data(), 0, elements);
            frames.add(f);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        if (!spinning) {
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
        }
        bare = env.createSession(model, options);
        bareInput = ByteBuffer.allocateDirect(batch * elements * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        bareTensor = OnnxTensor.createTensor(env, bareInput,
                new long[] {batch, BenchInputs.CLASSIFIER_FRAMES, BenchInputs.CLASSIFIER_BANDS});
        bareOutput = ByteBuffer.allocateDirect(batch * BenchInputs.CLASSIFIER_CLASSES * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        bareOutputTensor = OnnxTensor.createTensor(env, bareOutput, new long[] {batch, BenchInputs.CLASSIFIER_CLASSES});
        bareInputs = Map.of(bare.getInputNames().iterator().next(), bareTensor);
        bareOutputs = Map.of(bare.getOutputNames().iterator().next(), bareOutputTensor);
        bareScores = new float[batch * BenchInputs.CLASSIFIER_CLASSES];
    }

    /** {@code batch} windows through {@link OnnxClassifier}. */
    @Benchmark
    public float[][] audiomlClassifier() {
        if (batch == 1) {
            classifier.classify(frames.get(0), scores[0]);
        } else {
            classifier.classifyBatch(frames, scores);
        }
        return scores;
    }

    /** The same windows through plain ONNX Runtime calls. */
    @Benchmark
    public float[] bareOrtRun() throws OrtException {
        bareInput.rewind();
        for (int b = 0; b < batch; b++) {
            bareInput.put(frames.get(b).data());
        }
        bareInput.rewind();
        try (OrtSession.Result result = bare.run(bareInputs, bareOutputs)) {
            bareOutput.get(0, bareScores);
        }
        return bareScores;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        classifier.close();
        session.close();
        bareTensor.close();
        bareOutputTensor.close();
        bare.close();
    }
}
