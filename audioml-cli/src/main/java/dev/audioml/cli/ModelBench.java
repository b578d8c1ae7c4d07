package dev.audioml.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.internal.OrtAccess;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times any ONNX model on synthetic input of its declared shape: per batch size and intra-op thread count, the latency
 * of one {@code run} (p50, p99) and the throughput in windows per second. Float inputs get seeded noise in
 * [-0.5, 0.5), integer inputs zeros (or the values of a shape hint). A dynamic first axis is the batch axis; other
 * dynamic axes take {@code dynamicSize}, unless a shape hint names them.
 */
final class ModelBench {
    /**
     * A shape hint for one input: dimensions where -1 means "the batch size", and for integer scalars a fill value.
     *
     * @param dims dimensions, -1 for the batch axis
     * @param fill the value every element gets (integer inputs), or {@code null} for noise / zeros
     */
    record Hint(long[] dims, Long fill) {
    }

    /**
     * One measured configuration.
     *
     * @param model model file name
     * @param batch windows per run
     * @param threads intra-op threads
     * @param inputShapes the shapes fed, e.g. {@code input[8, 576]}
     * @param timing the run latency measurement
     */
    record Row(String model, int batch, int threads, String inputShapes, BenchTimer.Result timing) {
        double throughputPerSecond() {
            return batch * 1e9 / timing.meanNanos();
        }
    }

    private ModelBench() {
    }

    /**
     * Builds the inputs for one batch size.
     *
     * @param inputs the model's declared inputs
     * @param batch the batch size
     * @param dynamicSize size of dynamic axes other than the batch axis
     * @param hints shape hints by input name
     * @return shapes by input name, or {@code null} when the first input's first axis is fixed to another size than
     *     {@code batch} (the model cannot batch)
     */
    static Map<String, long[]> shapes(List<TensorSpec> inputs, int batch, int dynamicSize, Map<String, Hint> hints) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (TensorSpec in : inputs) {
            Hint hint = hints.get(in.name());
            long[] dims = hint != null ? hint.dims().clone() : in.shape();
            for (int a = 0; a < dims.length; a++) {
                if (dims[a] < 0) {
                    dims[a] = hint != null || a == 0 ? batch : dynamicSize;
                }
            }
            if (hint == null && dims.length > 0 && in.shape()[0] > 0 && in.shape()[0] != batch && in == inputs.get(0)) {
                return null;
            }
            shapes.put(in.name(), dims);
        }
        return shapes;
    }

    /**
     * Opens the model with {@code threads} intra-op threads and times {@code run} on synthetic input.
     *
     * @param model the model file
     * @param batch windows per run
     * @param threads intra-op threads
     * @param shapes input shapes from {@link #shapes}
     * @param hints shape hints (fill values)
     * @param timer the timer
     * @return the measured row
     * @throws Exception if the model cannot run on these inputs
     */
    static Row run(Path model, int batch, int threads, Map<String, long[]> shapes, Map<String, Hint> hints,
            BenchTimer timer) throws Exception {
        try (OnnxSession session = OnnxSession.open(model,
                OnnxSessionOptions.builder().intraOpThreads(threads).interOpThreads(1).build())) {
            Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
            StringBuilder described = new StringBuilder();
            try {
                SplittableRandom random = new SplittableRandom(BuiltinBenchmarks.SEED);
                for (TensorSpec in : session.inputs()) {
                    long[] dims = shapes.get(in.name());
                    Hint hint = hints.get(in.name());
                    tensors.put(in.name(), tensor(session, in, dims, hint == null ? null : hint.fill(), random));
                    described.append(described.length() == 0 ? "" : " ").append(in.name())
                            .append(Arrays.toString(dims));
                }
                OrtSession ort = OrtAccess.ort(session);
                BenchTimer.Result r = timer.measure(() -> {
                    try (OrtSession.Result out = ort.run(tensors)) {
                        return out.size();
                    }
                });
                return new Row(model.getFileName().toString(), batch, threads, described.toString(), r);
            } finally {
                for (OnnxTensor t : tensors.values()) {
                    t.close();
                }
            }
        }
    }

    private static OnnxTensor tensor(OnnxSession session, TensorSpec in, long[] dims, Long fill,
            SplittableRandom random) throws OrtException {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("input \"" + in.name() + "\" shape " + Arrays.toString(dims)
                    + " is too large (" + n + " elements); give smaller --batch or --dim");
        }
        switch (in.elementType()) {
            case "float": {
                FloatBuffer b = ByteBuffer.allocateDirect((int) n * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    b.put(i, (float) (random.nextDouble() - 0.5));
                }
                return OnnxTensor.createTensor(OrtAccess.environment(), b, dims);
            }
            case "int64": {
                LongBuffer b = ByteBuffer.allocateDirect((int) n * Long.BYTES).order(ByteOrder.nativeOrder())
                        .asLongBuffer();
                for (int i = 0; i < n; i++) {
                    b.put(i, fill == null ? 0 : fill);
                }
                return OnnxTensor.createTensor(OrtAccess.environment(), b, dims);
            }
            default:
                throw new IllegalArgumentException("input \"" + in.name() + "\" has element type " + in.elementType()
                        + "; audioml bench --model synthesizes float and int64 inputs only");
        }
    }
}
