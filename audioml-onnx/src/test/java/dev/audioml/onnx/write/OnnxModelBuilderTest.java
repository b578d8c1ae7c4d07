package dev.audioml.onnx.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by {@link OnnxModelBuilder} and {@link OnnxModelEditor}, loaded and run by real ONNX Runtime. */
class OnnxModelBuilderTest {
    private static final float FLOAT_TOLERANCE = 1e-6f;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static float[][] run(byte[] model, String input, float[] data, long[] shape, String... outputs) throws OrtException {
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
                OrtSession.Result r = s.run(Map.of(input, x))) {
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < outputs.length; i++) {
                FloatBuffer fb = ((OnnxTensor) r.get(outputs[i]).orElseThrow()).getFloatBuffer();
                out[i] = new float[fb.remaining()];
                fb.get(out[i]);
            }
            return out;
        }
    }

    @Test
    void identityWithDynamicAxesRoundTripsAndCarriesMetadata() throws OrtException {
        byte[] model = OnnxModelBuilder.create("identity")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, -1))
                .node("Identity", List.of("x"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, -1, -1))
                .metadata("audioml.labels", "[\"a\"]")
                .metadata("author", "test")
                .toByteArray();
        float[] data = {1, -2, 3.5f, 4, 5, 6};
        assertThat(run(model, "x", data, new long[] {2, 3}, "y")[0]).containsExactly(data);
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
            assertThat(s.getMetadata().getCustomMetadata()).containsEntry("audioml.labels", "[\"a\"]").containsEntry("author", "test");
            assertThat(s.getMetadata().getProducerName()).isEqualTo("audioml");
            NodeInfo in = s.getInputInfo().get("x");
            assertThat(((TensorInfo) in.getInfo()).getShape()).containsExactly(-1, -1);
        }
    }

    @Test
    void gemmSigmoidReduceMeanGiveReferenceValues() throws OrtException {
        // y = sigmoid(x W^T + b) with Gemm(transB=1); m = ReduceMean(y, axes=[1], keepdims=0)
        float[] w = {0.5f, -1f, 2f, 0.25f, 0f, -0.5f}; // [2 outputs, 3 inputs]
        float[] b = {0.1f, -0.2f};
        byte[] model = OnnxModelBuilder.create("gemm")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, 3))
                .initializer("W", w, 2, 3)
                .initializer("b", b, 2)
                .node("Gemm", List.of("x", "W", "b"), List.of("z"), Attribute.of("transB", 1L), Attribute.of("alpha", 1f))
                .node("Sigmoid", List.of("z"), List.of("y"))
                .node("ReduceMean", List.of("y"), List.of("m"), Attribute.ints("axes", 1), Attribute.of("keepdims", 0L))
                .output(ValueInfo.of("y", ElementType.FLOAT, -1, 2))
                .output(ValueInfo.of("m", ElementType.FLOAT, -1))
                .toByteArray();
        float[] x = {1, 2, 3};
        float[][] out = run(model, "x", x, new long[] {1, 3}, "y", "m");
        double z0 = 0.5 * 1 - 1 * 2 + 2 * 3 + 0.1;
        double z1 = 0.25 * 1 + 0 - 0.5 * 3 - 0.2;
        double y0 = 1 / (1 + Math.exp(-z0));
        double y1 = 1 / (1 + Math.exp(-z1));
        assertThat(out[0][0]).isCloseTo((float) y0, within(FLOAT_TOLERANCE));
        assertThat(out[0][1]).isCloseTo((float) y1, within(FLOAT_TOLERANCE));
        assertThat(out[1][0]).isCloseTo((float) ((y0 + y1) / 2), within(FLOAT_TOLERANCE));
    }

    @Test
    void int64InitializerDrivesReshape() throws OrtException {
        byte[] model = OnnxModelBuilder.create("reshape")
                .input(ValueInfo.of("x", ElementType.FLOAT, 2, 3))
                .initializer("shape", new long[] {3, 2}, 2)
                .node("Reshape", List.of("x", "shape"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, 3, 2))
                .toByteArray();
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
            assertThat(((TensorInfo) s.getOutputInfo().get("y").getInfo()).getShape()).containsExactly(3, 2);
        }
        assertThat(run(model, "x", new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, "y")[0]).containsExactly(1, 2, 3, 4, 5, 6);
    }

    /**
     * The editor reads a node's weights and attributes and replaces the node: a 1-D Conv (stride 2, pads 1) read back
     * as written, then swapped for Pad + Slice + Reshape + Concat + MatMul + Add + Transpose computing the same values
     * (checked against the Conv run by ONNX Runtime), with the Conv's weight dropped.
     */
    @Test
    void editorReadsWeightsAndAttributesAndReplacesANode() throws OrtException {
        float[] w = {1, 0.5f, -1, 2, 0, 0.25f, -0.5f, 1, 3, 0, 1, -2}; // [out 2][in 2][kernel 3]
        float[] bias = {0.1f, -0.3f};
        byte[] model = OnnxModelBuilder.create("conv")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, 2, 5))
                .initializer("W", w, 2, 2, 3)
                .initializer("B", bias, 2)
                .node("Conv", List.of("x", "W", "B"), List.of("y"), Attribute.ints("strides", 2), Attribute.ints("pads", 1, 1),
                        Attribute.ints("kernel_shape", 3))
                .output(ValueInfo.of("y", ElementType.FLOAT, -1, 2, 3))
                .toByteArray();
        OnnxModelEditor e = OnnxModelEditor.read(model);
        String conv = e.nodes().get(0).name();
        assertThat(e.initializerFloats("W")).containsExactly(w);
        assertThat(e.initializerDims("W")).containsExactly(2, 2, 3);
        assertThat(e.intsAttribute(conv, "strides")).containsExactly(2);
        assertThat(e.intsAttribute(conv, "pads")).containsExactly(1, 1);
        assertThat(e.intsAttribute(conv, "group")).isEmpty();
        assertThatThrownBy(() -> e.initializerFloats("x")).hasMessageContaining("no initializer \"x\"");
        assertThatThrownBy(() -> e.intsAttribute("nope", "strides")).hasMessageContaining("no node named \"nope\"");

        float[] wt = new float[6 * 2]; // [in * kernel][out]
        for (int o = 0; o < 2; o++) {
            for (int k = 0; k < 6; k++) {
                wt[k * 2 + o] = w[o * 6 + k];
            }
        }
        e.addInitializer("pads", new long[] {0, 0, 1, 0, 0, 1}, 6).addInitializer("axes", new long[] {2}, 1)
                .addInitializer("row", new long[] {0, 1, 6}, 3).addInitializer("Wt", wt, 6, 2)
                .addNode("pad", "Pad", List.of("x", "pads"), List.of("xp"));
        List<String> columns = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            e.addInitializer("s" + t, new long[] {2L * t}, 1).addInitializer("e" + t, new long[] {2L * t + 3}, 1)
                    .addNode("slice" + t, "Slice", List.of("xp", "s" + t, "e" + t, "axes"), List.of("f" + t))
                    .addNode("reshape" + t, "Reshape", List.of("f" + t, "row"), List.of("c" + t));
            columns.add("c" + t);
        }
        byte[] rewritten = e.addNode("concat", "Concat", columns, List.of("cols"), Attribute.of("axis", 1L))
                .addNode("matmul", "MatMul", List.of("cols", "Wt"), List.of("p"))
                .addNode("add", "Add", List.of("p", "B"), List.of("pb"))
                .removeNode(conv)
                .removeInitializer("W")
                .addNode("transpose", "Transpose", List.of("pb"), List.of("y"), Attribute.ints("perm", 0, 2, 1))
                .toByteArray();
        assertThat(OnnxModelEditor.read(rewritten).opTypes()).doesNotContain("Conv").contains("MatMul");
        assertThat(OnnxModelEditor.read(rewritten).tensors()).doesNotContain("W");
        assertThatThrownBy(() -> OnnxModelEditor.read(model).addInitializer("W", new float[1], 1)).hasMessageContaining("already");
        float[] x = new float[2 * 2 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.7 * i) + 0.1f * i;
        }
        float[] expected = run(model, "x", x, new long[] {2, 2, 5}, "y")[0];
        float[] actual = run(rewritten, "x", x, new long[] {2, 2, 5}, "y")[0];
        assertThat(actual).hasSize(2 * 2 * 3).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void editorExposesAnInternalTensorAsAnOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("head.onnx");
        OnnxModelBuilder.create("head")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, 2))
                .initializer("W", new float[] {1, 2, 3, 4}, 2, 2)
                .node("MatMul", List.of("x", "W"), List.of("logits"))
                .node("Softmax", List.of("logits"), List.of("probs"), Attribute.of("axis", -1L))
                .output(ValueInfo.of("probs", ElementType.FLOAT, -1, 2))
                .metadata("audioml.output", "scores")
                .write(file);
        OnnxModelEditor editor = OnnxModelEditor.read(file);
        assertThat(editor.opTypes()).containsExactly("MatMul", "Softmax");
        assertThat(editor.tensors()).contains("x", "W", "logits", "probs");
        byte[] edited = editor.addOutput("logits").putMetadata("audioml.output", "softmax").toByteArray();

        OnnxModelEditor reread = OnnxModelEditor.read(edited);
        assertThat(reread.outputs()).containsExactly("probs", "logits");
        assertThat(reread.metadata()).containsEntry("audioml.output", "softmax").hasSize(1);
        float[][] out = run(edited, "x", new float[] {1, 1}, new long[] {1, 2}, "probs", "logits");
        assertThat(out[1]).containsExactly(4, 6);
        assertThat(out[0][1]).isCloseTo((float) (Math.exp(6) / (Math.exp(4) + Math.exp(6))), within(FLOAT_TOLERANCE));

        byte[] typed = OnnxModelEditor.read(file).addOutput(ValueInfo.of("logits", ElementType.FLOAT, -1, 2)).toByteArray();
        try (OrtSession s = ENV.createSession(typed, new OrtSession.SessionOptions())) {
            assertThat(((TensorInfo) s.getOutputInfo().get("logits").getInfo()).getShape()).containsExactly(-1, 2);
        }
        byte[] headless = OnnxModelEditor.read(file).addOutput("logits").removeOutput("probs").toByteArray();
        try (OrtSession s = ENV.createSession(headless, new OrtSession.SessionOptions())) {
            assertThat(s.getOutputNames()).containsExactly("logits");
        }
        assertThat(run(headless, "x", new float[] {1, 0}, new long[] {1, 2}, "logits")[0]).containsExactly(1, 2);
        assertThatThrownBy(() -> OnnxModelEditor.read(file).removeOutput("probs")).hasMessageContaining("only output");
        assertThatThrownBy(() -> OnnxModelEditor.read(file).removeOutput("logits")).hasMessageContaining("not a graph output");
        assertThatThrownBy(() -> OnnxModelEditor.read(file).addOutput("nope"))
                .hasMessageContaining("no tensor \"nope\"").hasMessageContaining("logits");
        assertThatThrownBy(() -> OnnxModelEditor.read(file).addOutput("probs")).hasMessageContaining("already a graph output");
    }

    @Test
    void editorFreezesAnInputIntoAConstant() throws OrtException {
        byte[] model = OnnxModelBuilder.create("reshape")
                .input(ValueInfo.of("x", ElementType.FLOAT, 2, 3))
                .input(ValueInfo.of("shape", ElementType.INT64, 2))
                .node("Reshape", List.of("x", "shape"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, -1, -1))
                .toByteArray();
        byte[] frozen = OnnxModelEditor.read(model).freezeInput("shape", new long[] {3, 2}, 2).toByteArray();
        assertThat(OnnxModelEditor.read(frozen).inputs()).containsExactly("x");
        try (OrtSession s = ENV.createSession(frozen, new OrtSession.SessionOptions())) {
            assertThat(s.getInputNames()).containsExactly("x");
            assertThat(((TensorInfo) s.getOutputInfo().get("y").getInfo()).getShape()).containsExactly(3, 2);
        }
        assertThat(run(frozen, "x", new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, "y")[0]).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> OnnxModelEditor.read(model).freezeInput("y", new long[] {1}))
                .hasMessageContaining("\"y\" is not a graph input").hasMessageContaining("[x, shape]");
        assertThatThrownBy(() -> OnnxModelEditor.read(model).freezeInput("shape", new long[] {3, 2}))
                .hasMessageContaining("has 2 values but dims [] need 1");
    }

    @Test
    void invalidGraphsAreRejectedBeforeWriting() {
        OnnxModelBuilder b = OnnxModelBuilder.create("bad")
                .input(ValueInfo.of("x", ElementType.FLOAT, 1))
                .node("Add", List.of("x", "missing"), List.of("y"))
                .output(ValueInfo.of("z", ElementType.FLOAT, 1));
        assertThatThrownBy(b::toByteArray)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reads \"missing\"")
                .hasMessageContaining("graph output \"z\" is not produced");
        assertThatThrownBy(() -> OnnxModelBuilder.create("g").initializer("w", new float[3], 2, 2))
                .hasMessageContaining("has 3 values but dims [2, 2] need 4");
        assertThatThrownBy(() -> OnnxModelBuilder.create("g").input(ValueInfo.of("x", ElementType.FLOAT, 1))
                .input(ValueInfo.of("x", ElementType.FLOAT, 1))).hasMessageContaining("already defined");
    }

    @Test
    void readerRejectsBytesThatAreNotAModel() {
        byte[] random = new byte[512];
        new java.util.Random(3).nextBytes(random);
        assertThatThrownBy(() -> OnnxModelEditor.read(random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnnxModelEditor.read(new byte[] {0x08, 0x07})).hasMessageContaining("no graph");
    }
}
