package dev.audioml.onnx.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the ONNX model reader and editor (training's {@code onnx:} backbones and model export parse user-supplied
 * model files with it). The invariant: an editor whose edits round-trip (write, read back: the same inputs, outputs
 * and metadata), or an IllegalArgumentException of one line under 1000 characters. Seeds (models written in code by
 * {@code ToneModels}) and kept findings are in
 * {@code src/test/resources/dev/audioml/onnx/write/OnnxModelEditorFuzzTestInputs/edit/}.
 */
class OnnxModelEditorFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void edit(byte[] data) {
        OnnxModelEditor editor;
        try {
            editor = OnnxModelEditor.read(data);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(1000);
            return;
        }
        List<String> inputs = editor.inputs();
        editor.nodes();
        editor.opTypes();
        editor.putMetadata("audioml.fuzz", "1");
        for (String tensor : editor.tensors()) {
            if (!editor.outputs().contains(tensor) && !inputs.contains(tensor)) {
                editor.addOutput(tensor);
                break;
            }
        }
        byte[] written = editor.toByteArray();
        OnnxModelEditor again = OnnxModelEditor.read(written);
        assertThat(again.inputs()).isEqualTo(inputs);
        assertThat(again.outputs()).isEqualTo(editor.outputs());
        assertThat(again.metadata()).containsEntry("audioml.fuzz", "1");
    }
}
