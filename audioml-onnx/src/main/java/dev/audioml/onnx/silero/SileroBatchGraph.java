package dev.audioml.onnx.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.OptimizationLevel;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.GraphNode;
import dev.audioml.onnx.write.OnnxModelEditor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Silero VAD's {@code sr}-folded model rewritten for batches of streams: each 1-D {@code Conv} becomes slices of its
 * (padded) input, one per output position, and one {@code MatMul} over {@code [batch × positions, C·K] × [C·K, out]}.
 *
 * <p>Why: ONNX Runtime's CPU {@code Conv} runs im2col + GEMM image by image. Silero's convolutions have output lengths
 * of 4, 4, 2, 1 and 1 at 16 kHz, so every row of a batch is a matrix–vector-like product that reads the conv's weights
 * again (about 2.7 MB in all, more than L2): the cost per row barely falls with the batch (≈ 60 µs at 32 to 128 rows,
 * against ≈ 105 µs for one window alone). The MatMul reads the weights once per batch. Per row the arithmetic is the
 * same, in another order: probabilities and states agree with the model's within float rounding (tested within 1e-5
 * of a per-stream {@link SileroVad}).
 *
 * <p>Steps: ONNX Runtime's basic optimisation (constant folding) writes the folded model with the {@code If} on
 * {@code sr} inlined; each Conv's input length is read from one run of that model at batch 1 with the conv inputs as
 * extra outputs; then the Convs with a constant 3-D weight, one group and no dilation are replaced.
 *
 * <p>Not API; stateless, thread-safe.
 */
final class SileroBatchGraph {
    private SileroBatchGraph() {
    }

    /**
     * The model the batch sessions run: {@link SileroCompactGraph}'s rebuild where it applies and agrees with the model
     * (within {@link SileroCompactGraph#AGREEMENT} on a probe batch), else {@link #convsAsMatMul}.
     *
     * @param folded the model with {@code sr} frozen
     * @param name for messages
     * @param samples samples per row of {@code input} (context + chunk)
     * @return the batch model, whose inputs and outputs are the folded model's
     * @throws AudioMLException if ONNX Runtime cannot load or run an intermediate model
     */
    static BatchModel batchModel(byte[] folded, String name, int samples) {
        byte[] inlined = inline(folded, name);
        return SileroCompactGraph.rebuild(inlined, name, samples).map(m -> new BatchModel(m, true))
                .orElseGet(() -> new BatchModel(replaceConvs(inlined, name, samples), false));
    }

    /**
     * @param bytes the model
     * @param compact whether it is {@link SileroCompactGraph}'s rebuild (cheaper than the model at every batch size),
     *     else {@link #convsAsMatMul}'s copy (dearer than the model's Convs at one or two rows)
     */
    record BatchModel(byte[] bytes, boolean compact) {
    }

    /**
     * @param folded the model with {@code sr} frozen
     * @param name for messages
     * @param samples samples per row of {@code input} (context + chunk)
     * @return the rewritten model
     * @throws AudioMLException if ONNX Runtime cannot load or run an intermediate model
     */
    static byte[] convsAsMatMul(byte[] folded, String name, int samples) {
        return replaceConvs(inline(folded, name), name, samples);
    }

    private static byte[] replaceConvs(byte[] inlined, String name, int samples) {
        OnnxModelEditor editor = OnnxModelEditor.read(inlined);
        List<GraphNode> convs = new ArrayList<>();
        for (GraphNode n : editor.nodes()) {
            if (n.opType().equals("Conv") && n.domain().isEmpty() && !n.name().isEmpty() && n.inputs().size() >= 2
                    && editor.tensors().contains(n.inputs().get(1)) && isConstant3d(editor, n.inputs().get(1))
                    && single(editor.intsAttribute(n.name(), "group"), 1) && single(editor.intsAttribute(n.name(), "dilations"), 1)
                    && editor.intsAttribute(n.name(), "auto_pad").length == 0) {
                convs.add(n);
            }
        }
        if (convs.isEmpty()) {
            return inlined;
        }
        Map<String, Long> lengths = inputLengths(inlined, name, convs, samples);
        for (GraphNode conv : convs) {
            replace(editor, conv, lengths.get(conv.inputs().get(0)));
        }
        return editor.toByteArray();
    }

    private static boolean isConstant3d(OnnxModelEditor editor, String tensor) {
        try {
            return editor.initializerDims(tensor).length == 3;
        } catch (IllegalArgumentException e) {
            return false; // computed, not an initializer
        }
    }

    private static boolean single(long[] values, long expected) {
        for (long v : values) {
            if (v != expected) {
                return false;
            }
        }
        return true;
    }

    /** The folded model after ONNX Runtime's basic optimisation: the {@code If} on the frozen {@code sr} inlined. */
    static byte[] inline(byte[] folded, String name) {
        Path file = null;
        try {
            file = Files.createTempFile("audioml-silero-", ".onnx");
            OnnxSessionOptions options = OnnxSessionOptions.builder().intraOpThreads(1).interOpThreads(1)
                    .optimizationLevel(OptimizationLevel.BASIC).optimizedModelPath(file).build();
            try (OnnxSession ignored = OnnxSession.open(folded, name, options)) {
                // loading writes the optimized graph
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inlined Silero VAD model for " + name + ": " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    /** @return the length (last axis) of each conv's input, from one batch-1 run with the inputs as extra outputs */
    static Map<String, Long> inputLengths(byte[] inlined, String name, List<GraphNode> convs, int samples) {
        OnnxModelEditor probe = OnnxModelEditor.read(inlined);
        List<String> names = new ArrayList<>();
        for (GraphNode c : convs) {
            String in = c.inputs().get(0);
            if (!names.contains(in) && !probe.outputs().contains(in)) {
                probe.addOutput(in);
            }
            names.add(in);
        }
        Map<String, Long> lengths = new HashMap<>();
        try (OnnxSession session = OrtSessions.open(probe.toByteArray(), name + " (conv input lengths)");
             OnnxTensor input = OnnxTensor.createTensor(OrtAccess.environment(), new float[1][samples]);
             OnnxTensor state = OnnxTensor.createTensor(OrtAccess.environment(), new float[2][1][128]);
             OrtSession.Result r = OrtAccess.ort(session).run(Map.of(SileroVadModel.INPUT, input, SileroVadModel.STATE, state),
                     new java.util.HashSet<>(names))) {
            for (String in : names) {
                OnnxValue v = r.get(in).orElseThrow();
                long[] shape = ((OnnxTensor) v).getInfo().getShape();
                lengths.put(in, shape[shape.length - 1]);
            }
        } catch (OrtException e) {
            throw new AudioMLException("cannot run " + name + " to size its convolutions: " + e.getMessage(), e);
        }
        return lengths;
    }

    /** Replaces one Conv: pad, slice each output position's receptive field, one MatMul, bias, back to [n, out, L]. */
    private static void replace(OnnxModelEditor e, GraphNode conv, long length) {
        String p = conv.name() + "/as_matmul/";
        String weight = conv.inputs().get(1);
        long[] dims = e.initializerDims(weight);
        int out = Math.toIntExact(dims[0]);
        int in = Math.toIntExact(dims[1]);
        int kernel = Math.toIntExact(dims[2]);
        long[] strides = e.intsAttribute(conv.name(), "strides");
        long[] pads = e.intsAttribute(conv.name(), "pads");
        long stride = strides.length > 0 ? strides[0] : 1;
        long padBefore = pads.length > 0 ? pads[0] : 0;
        long padAfter = pads.length > 1 ? pads[1] : 0;
        long positions = (length + padBefore + padAfter - kernel) / stride + 1;
        String x = conv.inputs().get(0);
        if (padBefore != 0 || padAfter != 0) {
            e.addInitializer(p + "pads", new long[] {0, 0, padBefore, 0, 0, padAfter}, 6);
            e.addNode(p + "Pad", "Pad", List.of(x, p + "pads"), List.of(p + "padded"));
            x = p + "padded";
        }
        e.addInitializer(p + "axes", new long[] {2}, 1);
        e.addInitializer(p + "row", new long[] {0, 1, (long) in * kernel}, 3);
        List<String> columns = new ArrayList<>();
        for (long t = 0; t < positions; t++) {
            e.addInitializer(p + "start" + t, new long[] {t * stride}, 1);
            e.addInitializer(p + "end" + t, new long[] {t * stride + kernel}, 1);
            e.addNode(p + "Slice" + t, "Slice", List.of(x, p + "start" + t, p + "end" + t, p + "axes"), List.of(p + "field" + t));
            e.addNode(p + "Reshape" + t, "Reshape", List.of(p + "field" + t, p + "row"), List.of(p + "column" + t));
            columns.add(p + "column" + t);
        }
        String cols = columns.get(0);
        if (columns.size() > 1) {
            e.addNode(p + "Concat", "Concat", columns, List.of(p + "columns"), Attribute.of("axis", 1L));
            cols = p + "columns";
        }
        float[] w = e.initializerFloats(weight); // [out][in * kernel]
        float[] wt = new float[w.length];        // [in * kernel][out]
        int fan = in * kernel;
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < fan; k++) {
                wt[k * out + o] = w[o * fan + k];
            }
        }
        e.addInitializer(p + "weight", wt, fan, out);
        e.addNode(p + "MatMul", "MatMul", List.of(cols, p + "weight"), List.of(p + "product"));
        String y = p + "product";
        if (conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty()) {
            e.addNode(p + "Add", "Add", List.of(y, conv.inputs().get(2)), List.of(p + "biased"));
            y = p + "biased";
        }
        e.removeNode(conv.name());
        e.addNode(p + "Transpose", "Transpose", List.of(y), List.of(conv.outputs().get(0)), Attribute.ints("perm", 0, 2, 1));
        if (e.nodes().stream().noneMatch(n -> n.inputs().contains(weight)) || onlyReaderRemoved(e, weight, conv)) {
            e.removeInitializer(weight);
        }
    }

    private static boolean onlyReaderRemoved(OnnxModelEditor e, String weight, GraphNode conv) {
        return e.nodes().stream().filter(n -> n.inputs().contains(weight)).allMatch(n -> n.name().equals(conv.name()));
    }
}
