package dev.audioml.onnx.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.GraphNode;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.OnnxModelEditor;
import dev.audioml.onnx.write.ValueInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Silero VAD v5 rebuilt as a short graph for batches of streams: the same weights and arithmetic per row in 33 nodes
 * instead of the 155 (39 in the main graph, the rest in {@code If} branches) of the exported graph with {@code sr}
 * folded and its Convs as MatMuls ({@link SileroBatchGraph}), whose fixed cost per run dominates batches of a few to a
 * few dozen rows.
 *
 * <p>Why: per run ONNX Runtime pays each node's dispatch, and the exported graph spends most of a small batch's time
 * outside arithmetic: three {@code If} nodes on shapes (each runs a subgraph, one with nested {@code If}s around the
 * {@code LSTM}), and the convolutions as slices, reshapes, pads and transposes. Bare onnxruntime, one thread, per run
 * (2026-12-08, load 3–5): 10 rows 394 → 203 µs, 32 rows 906 → 456 µs; after a 32 MB sweep evicted the caches, as
 * between live batches: 10 rows 568 → 335 µs, 32 rows 1126 → 624 µs. A dense matrix for every encoder conv (one
 * node each, but 2.2 MB of weights instead of 1.2) was 5–13 % dearer than im2col where a conv has several outputs.
 *
 * <p>The graph (the exported graph's node scopes {@code /stft}, {@code /encoder}, {@code /decoder}, in that order):
 * <ol>
 *   <li>STFT: reflect-pad the row on the right to the STFT conv's input length; view it as blocks of one hop; gather
 *       each frame's blocks ({@code Gather} of whole blocks: one copy of {@code hop} floats each); one {@code MatMul}
 *       with the conv's basis; magnitude {@code sqrt(re² + im²)} ({@code Mul}, {@code Split}, {@code Add},
 *       {@code Sqrt}), channels last {@code [n, frames, bins]};</li>
 *   <li>each encoder conv (kernel 3, zero padding, its stride) as one {@code Gemm} and {@code Relu}: where it has
 *       several output positions, im2col ({@code Pad} the positions, {@code Gather} each output's taps as whole rows of
 *       channels, the Gemm on [n · positions, taps · channels]); where it has one, the Gemm on [n, positions ·
 *       channels] with exactly the taps that reach the input;</li>
 *   <li>the {@code LSTM} with the model's weights, its state split from and stacked back into {@code state};</li>
 *   <li>{@code Relu}, the 1×1 decoder conv as one {@code Gemm}, {@code Sigmoid} (the mean over one position is the
 *       value itself).</li>
 * </ol>
 * The structure is read from the model (the Convs in order, their strides, pads and input lengths, the {@code LSTM}
 * inside the decoder's branches); a model that does not have it gets no rebuild, and neither does one whose rebuild
 * disagrees with it by more than {@link #AGREEMENT} on a probe batch (random rows and states): the caller then uses
 * {@link SileroBatchGraph#convsAsMatMul}.
 *
 * <p>Not API; stateless, thread-safe.
 */
final class SileroCompactGraph {
    /** Largest difference from the model, in probability or state, that a rebuild may show on the probe batch. */
    static final float AGREEMENT = 1e-4f;
    private static final int OPSET = 17;
    private static final int PROBE_ROWS = 3;

    private SileroCompactGraph() {
    }

    /**
     * @param inlined the model with {@code sr} frozen and its {@code If} on {@code sr} inlined
     * @param name for messages
     * @param samples samples per row of {@code input} (context + chunk)
     * @return the rebuilt model (inputs {@code input [n, samples]}, {@code state [2, n, units]}; outputs {@code output
     *     [n, 1]}, {@code stateN}), or empty if the model's structure differs or the rebuild disagrees with it
     * @throws AudioMLException if ONNX Runtime cannot load or run the model to size its convolutions
     */
    static Optional<byte[]> rebuild(byte[] inlined, String name, int samples) {
        byte[] compact;
        try {
            compact = build(inlined, name, samples);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not the structure this rebuild knows
        }
        return compact != null && agrees(inlined, compact, name, samples) ? Optional.of(compact) : Optional.empty();
    }

    /** @return the rebuilt model, or null if the model's structure is not Silero v5's */
    private static byte[] build(byte[] inlined, String name, int samples) {
        OnnxModelEditor e = OnnxModelEditor.read(inlined);
        List<GraphNode> convs = e.nodes().stream().filter(n -> n.opType().equals("Conv") && n.domain().isEmpty()).toList();
        List<GraphNode> lstms = e.nestedNodes().stream().filter(n -> n.opType().equals("LSTM")).toList();
        if (convs.size() != 6 || lstms.isEmpty() || convs.stream().anyMatch(c -> c.name().isEmpty())) {
            return null;
        }
        Map<String, Long> lengths = SileroBatchGraph.inputLengths(inlined, name, convs, samples);
        OnnxModelBuilder b = OnnxModelBuilder.create("silero_vad_batch").opset("", OPSET)
                .input(ValueInfo.of(SileroVadModel.INPUT, ElementType.FLOAT, -1, samples));

        // STFT: Pad (reflect, right) -> [n, blocks, hop] -> frames [n, P, K] -> MatMul basis -> magnitude [n, P, bins]
        GraphNode stft = convs.get(0);
        long[] sw = e.initializerDims(stft.inputs().get(1));
        int basis = Math.toIntExact(sw[0]);
        int kernel = Math.toIntExact(sw[2]);
        int hop = Math.toIntExact(one(e.intsAttribute(stft.name(), "strides"), 1));
        int padded = Math.toIntExact(lengths.get(stft.inputs().get(0)));
        if (sw[1] != 1 || basis % 2 != 0 || kernel % hop != 0 || padded % hop != 0 || padded < samples || padded - samples >= samples
                || stft.inputs().size() > 2 || nonZero(e.intsAttribute(stft.name(), "pads"))) {
            return null;
        }
        int frames = (padded - kernel) / hop + 1;
        int perFrame = kernel / hop;
        long[] pairs = new long[frames * perFrame];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < perFrame; j++) {
                pairs[t * perFrame + j] = t + j;
            }
        }
        int bins = basis / 2;
        b.initializer("stft/pads", new long[] {0, 0, 0, padded - samples}, 4)
                .initializer("stft/blocks", new long[] {0, padded / hop, hop}, 3)
                .initializer("stft/pairs", pairs, frames, perFrame)
                .initializer("stft/frames", new long[] {0, frames, kernel}, 3)
                .initializer("stft/basis", transpose(e.initializerFloats(stft.inputs().get(1)), basis, kernel), kernel, basis)
                .node("Pad", List.of(SileroVadModel.INPUT, "stft/pads"), List.of("stft/padded"), Attribute.of("mode", "reflect"))
                .node("Reshape", List.of("stft/padded", "stft/blocks"), List.of("stft/blocked"))
                .node("Gather", List.of("stft/blocked", "stft/pairs"), List.of("stft/gathered"), Attribute.of("axis", 1L))
                .node("Reshape", List.of("stft/gathered", "stft/frames"), List.of("stft/framed"))
                .node("MatMul", List.of("stft/framed", "stft/basis"), List.of("stft/spectrum"))
                .node("Mul", List.of("stft/spectrum", "stft/spectrum"), List.of("stft/squares"))
                .node("Split", List.of("stft/squares"), List.of("stft/re2", "stft/im2"), Attribute.of("axis", 2L))
                .node("Add", List.of("stft/re2", "stft/im2"), List.of("stft/power"))
                .node("Sqrt", List.of("stft/power"), List.of("stft/magnitude"));

        // encoder: each conv as one Gemm, then Relu; x is [n, positions, channels] (3-D) or [n, positions * channels]
        String x = "stft/magnitude";
        boolean flat = false;
        int positions = frames;
        int channels = bins;
        for (int i = 1; i <= 4; i++) {
            GraphNode conv = convs.get(i);
            long[] w = e.initializerDims(conv.inputs().get(1));
            if (w[1] != channels || lengths.get(conv.inputs().get(0)) != positions || conv.inputs().size() < 3) {
                return null;
            }
            long[] pads = e.intsAttribute(conv.name(), "pads");
            int out = Math.toIntExact(w[0]);
            int k = Math.toIntExact(w[2]);
            int stride = Math.toIntExact(one(e.intsAttribute(conv.name(), "strides"), 1));
            int before = pads.length > 0 ? Math.toIntExact(pads[0]) : 0;
            int after = pads.length > 1 ? Math.toIntExact(pads[1]) : 0;
            int outPositions = (positions + before + after - k) / stride + 1;
            float[] weights = e.initializerFloats(conv.inputs().get(1));
            float[] bias = e.initializerFloats(conv.inputs().get(2));
            String p = "encoder/" + (i - 1) + "/";
            if (outPositions > 1) { // im2col: pad the positions, gather each output's k input positions, one Gemm on rows
                if (flat) {
                    b.initializer(p + "unflat", new long[] {-1, positions, channels}, 3)
                            .node("Reshape", List.of(x, p + "unflat"), List.of(p + "in"));
                    x = p + "in";
                }
                long[] fields = new long[outPositions * k];
                for (int u = 0; u < outPositions; u++) {
                    for (int j = 0; j < k; j++) {
                        fields[u * k + j] = (long) u * stride + j;
                    }
                }
                b.initializer(p + "pads", new long[] {0, before, 0, 0, after, 0}, 6)
                        .initializer(p + "fields", fields, outPositions, k)
                        .initializer(p + "rows", new long[] {-1, (long) k * channels}, 2)
                        .initializer(p + "weight", taps(weights, out, channels, k), (long) k * channels, out)
                        .initializer(p + "bias", bias, out)
                        .node("Pad", List.of(x, p + "pads"), List.of(p + "padded"))
                        .node("Gather", List.of(p + "padded", p + "fields"), List.of(p + "gathered"), Attribute.of("axis", 1L))
                        .node("Reshape", List.of(p + "gathered", p + "rows"), List.of(p + "columns"))
                        .node("Gemm", List.of(p + "columns", p + "weight", p + "bias"), List.of(p + "conv"));
                flat = true; // [n * outPositions, out] rows: the next conv's Reshape restores [n, ...]
            } else { // one output position: a dense Gemm reads exactly the taps that reach the input
                if (!flat || positions > 1) {
                    b.initializer(p + "flat", new long[] {-1, (long) positions * channels}, 2)
                            .node("Reshape", List.of(x, p + "flat"), List.of(p + "in"));
                    x = p + "in";
                }
                b.initializer(p + "weight", dense(weights, out, channels, k, positions, outPositions, stride, before),
                                (long) positions * channels, (long) outPositions * out)
                        .initializer(p + "bias", bias, out)
                        .node("Gemm", List.of(x, p + "weight", p + "bias"), List.of(p + "conv"));
                flat = true;
            }
            b.node("Relu", List.of(p + "conv"), List.of(p + "relu"));
            x = p + "relu";
            positions = outPositions;
            channels = out;
        }

        // decoder: LSTM on the one remaining position, its state from/into `state`; Relu, 1x1 conv, Sigmoid
        GraphNode lstm = lstms.get(0);
        long[] wDims = e.initializerDims(lstm.inputs().get(1));
        int units = Math.toIntExact(wDims[1] / 4);
        GraphNode decoder = convs.get(5);
        long[] dw = e.initializerDims(decoder.inputs().get(1));
        if (positions != 1 || wDims[0] != 1 || wDims[2] != channels || lstm.inputs().size() < 4 || decoder.inputs().size() < 3
                || dw[0] != 1 || dw[1] != units || dw[2] != 1 || lengths.get(decoder.inputs().get(0)) != 1) {
            return null;
        }
        b.input(ValueInfo.of(SileroVadModel.STATE, ElementType.FLOAT, 2, -1, units))
                .initializer("decoder/axis0", new long[] {0}, 1)
                .initializer("decoder/steps", new long[] {1, -1, units}, 3)
                .initializer("decoder/W", e.initializerFloats(lstm.inputs().get(1)), e.initializerDims(lstm.inputs().get(1)))
                .initializer("decoder/R", e.initializerFloats(lstm.inputs().get(2)), e.initializerDims(lstm.inputs().get(2)))
                .initializer("decoder/B", e.initializerFloats(lstm.inputs().get(3)), e.initializerDims(lstm.inputs().get(3)))
                .initializer("decoder/weight", e.initializerFloats(decoder.inputs().get(1)), units, 1)
                .initializer("decoder/bias", e.initializerFloats(decoder.inputs().get(2)), 1)
                .node("Reshape", List.of(x, "decoder/steps"), List.of("decoder/sequence"))
                .node("Split", List.of(SileroVadModel.STATE), List.of("decoder/h0", "decoder/c0"), Attribute.of("axis", 0L))
                .node("LSTM", List.of("decoder/sequence", "decoder/W", "decoder/R", "decoder/B", "", "decoder/h0", "decoder/c0"),
                        List.of("decoder/Y", "decoder/h", "decoder/c"), Attribute.of("hidden_size", (long) units))
                .node("Concat", List.of("decoder/h", "decoder/c"), List.of(SileroVadModel.STATE_OUT), Attribute.of("axis", 0L))
                .node("Squeeze", List.of("decoder/h", "decoder/axis0"), List.of("decoder/h1"))
                .node("Relu", List.of("decoder/h1"), List.of("decoder/relu"))
                .node("Gemm", List.of("decoder/relu", "decoder/weight", "decoder/bias"), List.of("decoder/logit"))
                .node("Sigmoid", List.of("decoder/logit"), List.of(SileroVadModel.OUTPUT))
                .output(ValueInfo.of(SileroVadModel.OUTPUT, ElementType.FLOAT, -1, 1))
                .output(ValueInfo.of(SileroVadModel.STATE_OUT, ElementType.FLOAT, 2, -1, units));
        return b.toByteArray();
    }

    /** @return {@code w [rows][cols]} transposed to {@code [cols][rows]} (a Conv's {@code [out][in·k]} to MatMul's) */
    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    /**
     * A 1-D conv ({@code w [out][in][k]}, zero padding {@code before}) as a dense matrix from channels-last input
     * {@code [positions][in]} to channels-last output {@code [outPositions][out]}: output position u reads input
     * position {@code u·stride − before + j} with tap j (ONNX {@code Conv}), nothing where that is outside the input.
     */
    private static float[] dense(float[] w, int out, int in, int k, int positions, int outPositions, int stride, int before) {
        int cols = outPositions * out;
        float[] d = new float[positions * in * cols];
        for (int u = 0; u < outPositions; u++) {
            for (int j = 0; j < k; j++) {
                int t = u * stride - before + j;
                if (t < 0 || t >= positions) {
                    continue;
                }
                for (int c = 0; c < in; c++) {
                    for (int o = 0; o < out; o++) {
                        d[(t * in + c) * cols + u * out + o] = w[(o * in + c) * k + j];
                    }
                }
            }
        }
        return d;
    }

    /** @return a Conv's {@code w [out][in][k]} as the im2col Gemm's {@code [k · in][out]} (tap-major, as gathered) */
    private static float[] taps(float[] w, int out, int in, int k) {
        float[] t = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < in; c++) {
                for (int j = 0; j < k; j++) {
                    t[(j * in + c) * out + o] = w[(o * in + c) * k + j];
                }
            }
        }
        return t;
    }

    private static long one(long[] values, long absent) {
        if (values.length == 0) {
            return absent;
        }
        for (long v : values) {
            if (v != values[0]) {
                throw new IllegalArgumentException("not a 1-D attribute: " + java.util.Arrays.toString(values));
            }
        }
        return values[0];
    }

    private static boolean nonZero(long[] values) {
        for (long v : values) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the rebuild's probabilities and states equal the model's within {@link #AGREEMENT} on a probe batch */
    private static boolean agrees(byte[] inlined, byte[] compact, String name, int samples) {
        SplittableRandom random = new SplittableRandom(18);
        float[][] rows = new float[PROBE_ROWS][samples];
        float[][][] state = new float[2][PROBE_ROWS][128];
        for (float[] r : rows) {
            for (int i = 0; i < samples; i++) {
                r[i] = (float) (random.nextDouble() * 0.6 - 0.3);
            }
        }
        for (float[][] layer : state) {
            for (float[] r : layer) {
                for (int i = 0; i < r.length; i++) {
                    r[i] = (float) (random.nextDouble() * 2 - 1);
                }
            }
        }
        try (OnnxSession a = OrtSessions.open(inlined, name + " (probe)");
             OnnxSession c = OrtSessions.open(compact, name + " (compact probe)");
             OnnxTensor in = OnnxTensor.createTensor(OrtAccess.environment(), rows);
             OnnxTensor st = OnnxTensor.createTensor(OrtAccess.environment(), state);
             OrtSession.Result ra = OrtAccess.ort(a).run(Map.of(SileroVadModel.INPUT, in, SileroVadModel.STATE, st));
             OrtSession.Result rc = OrtAccess.ort(c).run(Map.of(SileroVadModel.INPUT, in, SileroVadModel.STATE, st))) {
            for (String out : List.of(SileroVadModel.OUTPUT, SileroVadModel.STATE_OUT)) {
                float[] x = flat(((OnnxTensor) ra.get(out).orElseThrow()));
                float[] y = flat(((OnnxTensor) rc.get(out).orElseThrow()));
                if (x.length != y.length) {
                    return false;
                }
                for (int i = 0; i < x.length; i++) {
                    if (!(Math.abs(x[i] - y[i]) <= AGREEMENT)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (OrtException | AudioMLException e) {
            return false; // the rebuild (or the probe) does not load or run: keep the model's own graph
        }
    }

    private static float[] flat(OnnxTensor t) {
        java.nio.FloatBuffer b = t.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }
}
