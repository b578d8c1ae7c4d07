package dev.audioml.onnx.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link OnnxModelBuilder#include}: real pretrained graphs (openWakeWord's melspectrogram, Silero VAD v5 with its
 * {@code If} subgraphs) merged into built graphs and run by ONNX Runtime against the original models.
 */
class OnnxModelIncludeTest {
    /** Merged and original graphs run the same kernels on the same weights: they agree to float rounding. */
    private static final float MERGED_TOLERANCE = 1e-6f;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static byte[] mel;
    private static byte[] silero;

    @BeforeAll
    static void fetch() throws Exception {
        List<Path> oww = TestAudio.cache().resolve(Preset.HEY_JARVIS);
        mel = Files.readAllBytes(oww.get(0));
        silero = Files.readAllBytes(TestAudio.cache().resolve(Preset.SILERO_VAD).get(0));
    }

    private static float[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble(-1, 1) * 3000);
        }
        return x;
    }

    /** Runs a model; inputs are float tensors except {@code long[]} values (int64 scalars when of length 1). */
    private static Map<String, float[]> run(byte[] model, Map<String, Object> inputs, Map<String, long[]> shapes)
            throws OrtException {
        Map<String, OnnxTensor> in = new HashMap<>();
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
            for (Map.Entry<String, Object> e : inputs.entrySet()) {
                in.put(e.getKey(), e.getValue() instanceof long[] l
                        ? OnnxTensor.createTensor(ENV, LongBuffer.wrap(l), shapes.get(e.getKey()))
                        : OnnxTensor.createTensor(ENV, FloatBuffer.wrap((float[]) e.getValue()), shapes.get(e.getKey())));
            }
            try (OrtSession.Result r = s.run(in)) {
                Map<String, float[]> out = new HashMap<>();
                for (Map.Entry<String, OnnxValue> v : r) {
                    FloatBuffer fb = ((OnnxTensor) v.getValue()).getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put(v.getKey(), a);
                }
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void aWholeIncludedModelComputesWhatTheOriginalDoes() throws OrtException {
        OnnxModelEditor original = OnnxModelEditor.read(mel);
        String in = original.inputs().get(0);
        String out = original.outputs().get(0);
        byte[] merged = OnnxModelBuilder.create("gain_then_mel")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, -1))
                .initializer("gain", new float[] {2f})
                .node("Mul", List.of("x", "gain"), List.of("louder"))
                .include(mel, "mel/", Map.of(in, "louder"), Map.of(out, "spectrogram"))
                .output(ValueInfo.of("spectrogram", ElementType.FLOAT, -1, 1, -1, 32))
                .toByteArray();
        float[] x = noise(4000, 1);
        float[] doubled = x.clone();
        for (int i = 0; i < x.length; i++) {
            doubled[i] *= 2;
        }
        float[] expected = run(mel, Map.of(in, doubled), Map.of(in, new long[] {1, x.length})).get(out);
        float[] actual = run(merged, Map.of("x", x), Map.of("x", new long[] {1, x.length})).get("spectrogram");
        assertThat(actual).hasSize(expected.length).hasSize((4000 - 512) / 160 * 32 + 32);
        assertThat(maxAbsDiff(actual, expected)).isLessThanOrEqualTo(MERGED_TOLERANCE);

        OnnxModelEditor reread = OnnxModelEditor.read(merged);
        assertThat(reread.nodes()).filteredOn(n -> n.opType().equals("Conv")).hasSize(2)
                .allMatch(n -> n.name().isEmpty() || n.name().startsWith("mel/"));
        assertThat(reread.tensors()).contains("mel/1.melW", "spectrogram").doesNotContain(out, "1.melW");
    }

    @Test
    void exposingAnInnerTensorLeavesOutTheNodesAfterIt() throws OrtException {
        OnnxModelEditor original = OnnxModelEditor.read(mel);
        GraphNode reduceMax = original.nodes().stream().filter(n -> n.opType().equals("ReduceMax")).findFirst().orElseThrow();
        String db = reduceMax.inputs().get(0);
        byte[] cut = OnnxModelBuilder.create("mel_db")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, -1))
                .include(mel, "m/", Map.of(original.inputs().get(0), "x"), Map.of(db, "db"))
                .output(ValueInfo.of("db", ElementType.FLOAT, -1, 1, -1, 32))
                .toByteArray();
        OnnxModelEditor reread = OnnxModelEditor.read(cut);
        assertThat(reread.opTypes()).contains("Conv", "MatMul", "Log").doesNotContain("ReduceMax");
        assertThat(reread.opTypes()).hasSizeLessThan(original.opTypes().size());

        // without the top_db clip the original's output equals max(db, max(db) - 80)
        float[] x = noise(3200, 2);
        x[100] = 30000; // a loud click puts the quiet frames under the 80 dB floor
        float[] dbValues = run(cut, Map.of("x", x), Map.of("x", new long[] {1, x.length})).get("db");
        float peak = Float.NEGATIVE_INFINITY;
        for (float v : dbValues) {
            peak = Math.max(peak, v);
        }
        float[] clipped = dbValues.clone();
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.max(clipped[i], peak - 80f);
        }
        String in = original.inputs().get(0);
        float[] expected = run(mel, Map.of(in, x), Map.of(in, new long[] {1, x.length})).get(original.outputs().get(0));
        assertThat(maxAbsDiff(clipped, expected)).isLessThanOrEqualTo(MERGED_TOLERANCE);
    }

    @Test
    void twoCopiesOfOneModelLiveSideBySideUnderTwoPrefixes() throws OrtException {
        String in = OnnxModelEditor.read(mel).inputs().get(0);
        String out = OnnxModelEditor.read(mel).outputs().get(0);
        byte[] twice = OnnxModelBuilder.create("two_mels")
                .input(ValueInfo.of("a", ElementType.FLOAT, -1, -1))
                .input(ValueInfo.of("b", ElementType.FLOAT, -1, -1))
                .include(mel, "first/", Map.of(in, "a"), Map.of(out, "mel_a"))
                .include(mel, "second/", Map.of(in, "b"), Map.of(out, "mel_b"))
                .output(ValueInfo.of("mel_a", ElementType.FLOAT, -1, 1, -1, 32))
                .output(ValueInfo.of("mel_b", ElementType.FLOAT, -1, 1, -1, 32))
                .toByteArray();
        float[] a = noise(1760, 3);
        float[] b = noise(2400, 4);
        Map<String, float[]> both = run(twice, Map.of("a", a, "b", b),
                Map.of("a", new long[] {1, a.length}, "b", new long[] {1, b.length}));
        assertThat(maxAbsDiff(both.get("mel_a"), run(mel, Map.of(in, a), Map.of(in, new long[] {1, a.length})).get(out)))
                .isLessThanOrEqualTo(MERGED_TOLERANCE);
        assertThat(maxAbsDiff(both.get("mel_b"), run(mel, Map.of(in, b), Map.of(in, new long[] {1, b.length})).get(out)))
                .isLessThanOrEqualTo(MERGED_TOLERANCE);
    }

    @Test
    void subgraphsOfIfNodesAreRenamedWithTheGraphAroundThem() throws OrtException {
        OnnxModelEditor original = OnnxModelEditor.read(silero);
        assertThat(original.opTypes()).contains("If");
        assertThat(original.inputs()).containsExactly("input", "state", "sr");
        // wrap Silero: audio is scaled by 0.5 before it, and both of its outputs are exposed under new names
        byte[] merged = OnnxModelBuilder.create("half_volume_vad")
                .input(ValueInfo.of("audio", ElementType.FLOAT, -1, -1))
                .input(ValueInfo.of("h", ElementType.FLOAT, 2, -1, 128))
                .input(ValueInfo.of("rate", ElementType.INT64))
                .initializer("half", new float[] {0.5f})
                .node("Mul", List.of("audio", "half"), List.of("quiet"))
                .include(silero, "vad/", Map.of("input", "quiet", "state", "h", "sr", "rate"),
                        Map.of(original.outputs().get(0), "speech", original.outputs().get(1), "next_state"))
                .output(ValueInfo.of("speech", ElementType.FLOAT, -1, 1))
                .output(ValueInfo.of("next_state", ElementType.FLOAT, 2, -1, 128))
                .toByteArray();
        float[] chunk = noise(576, 5);
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (float) (chunk[i] / 3000 * 0.8 * Math.sin(i * 0.07));
        }
        float[] half = chunk.clone();
        for (int i = 0; i < half.length; i++) {
            half[i] *= 0.5f;
        }
        float[] state = new float[2 * 128];
        Map<String, float[]> expected = run(silero, Map.of("input", half, "state", state, "sr", new long[] {16_000}),
                Map.of("input", new long[] {1, 576}, "state", new long[] {2, 1, 128}, "sr", new long[0]));
        Map<String, float[]> actual = run(merged, Map.of("audio", chunk, "h", state, "rate", new long[] {16_000}),
                Map.of("audio", new long[] {1, 576}, "h", new long[] {2, 1, 128}, "rate", new long[0]));
        assertThat(maxAbsDiff(actual.get("speech"), expected.get(original.outputs().get(0)))).isLessThanOrEqualTo(MERGED_TOLERANCE);
        assertThat(maxAbsDiff(actual.get("next_state"), expected.get(original.outputs().get(1))))
                .isLessThanOrEqualTo(MERGED_TOLERANCE);
        assertThat(OnnxModelEditor.read(merged).opTypes()).contains("If");
    }

    @Test
    void opsetsAndIrVersionBecomeTheHigherOfBoth() {
        OnnxModelBuilder b = OnnxModelBuilder.create("g").opset("", 11).input(ValueInfo.of("x", ElementType.FLOAT, -1, -1));
        assertThat(b.opset("").getAsLong()).isEqualTo(11);
        b.include(mel, "m/", Map.of(OnnxModelEditor.read(mel).inputs().get(0), "x"),
                Map.of(OnnxModelEditor.read(mel).outputs().get(0), "y"));
        assertThat(b.opset("").getAsLong()).isEqualTo(13); // melspectrogram.onnx is opset 13
        assertThat(b.opset("ai.onnx").getAsLong()).isEqualTo(13);
        assertThat(b.opset("com.example")).isEmpty();
    }

    @Test
    void aNodeWhoseOperatorChangedIncompatiblyIsRejected() {
        byte[] oldSoftmax = OnnxModelBuilder.create("old").opset("", 11)
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, 3, 4))
                .node("Softmax", List.of("x"), List.of("p"), Attribute.of("axis", 1L))
                .output(ValueInfo.of("p", ElementType.FLOAT, -1, 3, 4))
                .toByteArray();
        OnnxModelBuilder b = OnnxModelBuilder.create("new")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, 3, 4))
                .include(oldSoftmax, "old/", Map.of("x", "x"), Map.of("p", "p"))
                .output(ValueInfo.of("p", ElementType.FLOAT, -1, 3, 4));
        assertThatThrownBy(b::toByteArray).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Softmax node").hasMessageContaining("written for opset 11")
                .hasMessageContaining("changed incompatibly at opset 13");
        // at its own opset the same graph is fine
        assertThat(OnnxModelBuilder.create("same").opset("", 11)
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, 3, 4))
                .include(oldSoftmax, "old/", Map.of("x", "x"), Map.of("p", "p"))
                .output(ValueInfo.of("p", ElementType.FLOAT, -1, 3, 4))
                .toByteArray()).isNotEmpty();
    }

    @Test
    void customDomainsMustAgree() {
        byte[] custom = OnnxModelBuilder.create("c").opset("com.example", 2)
                .input(ValueInfo.of("x", ElementType.FLOAT, 1))
                .node("com.example", "Frob", List.of("x"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, 1))
                .toByteArray();
        OnnxModelBuilder b = OnnxModelBuilder.create("g").opset("com.example", 1).input(ValueInfo.of("x", ElementType.FLOAT, 1));
        assertThatThrownBy(() -> b.include(custom, "c/", Map.of("x", "x"), Map.of("y", "y")))
                .hasMessageContaining("domain \"com.example\" at version 2").hasMessageContaining("at 1");
    }

    @Test
    void mistakesAreNamedAndLeaveTheBuilderUnchanged() {
        String in = OnnxModelEditor.read(mel).inputs().get(0);
        String out = OnnxModelEditor.read(mel).outputs().get(0);
        OnnxModelBuilder b = OnnxModelBuilder.create("g").input(ValueInfo.of("x", ElementType.FLOAT, -1, -1));
        assertThatThrownBy(() -> b.include(mel, "m/", Map.of(), Map.of(out, "y")))
                .hasMessageContaining("inputs [" + in + "] feed the exposed tensors");
        assertThatThrownBy(() -> b.include(mel, "m/", Map.of(in, "nowhere"), Map.of(out, "y")))
                .hasMessageContaining("mapped to \"nowhere\"");
        assertThatThrownBy(() -> b.include(mel, "m/", Map.of("audio", "x"), Map.of(out, "y")))
                .hasMessageContaining("no input \"audio\"").hasMessageContaining(in);
        assertThatThrownBy(() -> b.include(mel, "m/", Map.of(in, "x"), Map.of("nope", "y")))
                .hasMessageContaining("computes no tensor \"nope\"").hasMessageContaining(out);
        assertThatThrownBy(() -> b.include(mel, "m/", Map.of(in, "x"), Map.of(out, "x")))
                .hasMessageContaining("\"x\" is already defined");
        assertThatThrownBy(() -> b.include(mel, "", Map.of(in, "x"), Map.of(out, "y"))).hasMessageContaining("prefix");
        assertThatThrownBy(() -> b.include(new byte[] {0x08, 0x07}, "m/", Map.of(), Map.of(out, "y")))
                .hasMessageContaining("no graph");
        // none of the failures above left a trace: the builder still takes the same include and writes a valid model
        assertThat(b.include(mel, "m/", Map.of(in, "x"), Map.of(out, "y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, -1, 1, -1, 32)).toByteArray()).isNotEmpty();
    }

    @Test
    void modelsThatCannotBeOneSelfContainedGraphAreRejected() {
        byte[] plain = OnnxModelBuilder.create("p")
                .input(ValueInfo.of("x", ElementType.FLOAT, 1))
                .node("Identity", List.of("x"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, 1))
                .toByteArray();
        // ModelProto.functions (25): a model-local function
        byte[] withFunction = new ProtoWriter().raw(plain).bytes(25, new ProtoWriter().string(1, "F").toByteArray())
                .toByteArray();
        OnnxModelBuilder b = OnnxModelBuilder.create("g").input(ValueInfo.of("x", ElementType.FLOAT, 1));
        assertThatThrownBy(() -> b.include(withFunction, "f/", Map.of("x", "x"), Map.of("y", "y")))
                .hasMessageContaining("model-local functions");
        // an initializer whose data lives in another file (TensorProto.data_location = EXTERNAL)
        ProtoWriter external = new ProtoWriter().packedVarints(1, new long[] {1}).varint(2, 1).string(8, "w")
                .varint(14, 1);
        ProtoWriter graph = new ProtoWriter()
                .message(OnnxModelBuilder.GRAPH_NODE, new ProtoWriter().string(1, "w").string(2, "y").string(4, "Identity"))
                .string(2, "ext")
                .message(OnnxModelBuilder.GRAPH_INITIALIZER, external)
                .message(OnnxModelBuilder.GRAPH_OUTPUT, ValueInfo.of("y", ElementType.FLOAT, 1).encode());
        byte[] withExternal = new ProtoWriter().varint(1, 8).message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 17)).toByteArray();
        assertThatThrownBy(() -> b.include(withExternal, "e/", Map.of(), Map.of("y", "y")))
                .hasMessageContaining("initializer \"w\" keeps its data in an external file");
    }

    @Test
    void editorReadsDeclaredInputAndOutputTypes() {
        OnnxModelEditor e = OnnxModelEditor.read(mel);
        ValueInfo in = e.valueInfo(e.inputs().get(0)).orElseThrow();
        assertThat(in.type()).isEqualTo(ElementType.FLOAT);
        assertThat(in.dims()).containsExactly(-1, -1);
        assertThat(e.valueInfo(e.outputs().get(0)).orElseThrow().dims()).containsExactly(-1, 1, -1, 32);
        assertThat(e.valueInfo("no such tensor")).isEmpty();
    }
}
