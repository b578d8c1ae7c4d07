package dev.audioml.cli;

import dev.audioml.core.Classifier;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.LevelGatedClassifier;
import dev.audioml.onnx.preset.PresetModel;

/** The classifier a CLI stream runs, from the model and its options. Stateless. */
final class StreamClassifiers {

    private StreamClassifiers() {}

    /**
     * A new classifier for one stream of {@code model}, phased ({@code --stride-ms}) or VAD-gated
     * ({@code --vad-threshold}) when asked, level-gated when the model declares {@code audioml.gate_db}.
     *
     * @param model the model
     * @param name its display name, for messages
     * @param strideMs the --stride-ms value, or null
     * @param vadThreshold the --vad-threshold value, or null
     * @return the classifier; the caller closes it
     * @throws Main.UsageException if an option does not apply to the model
     */
    static Classifier newClassifier(AudioModel model, String name, Integer strideMs, Float vadThreshold) {
        if (strideMs == null && vadThreshold == null) {
            // a trained model's level gate (audioml.gate_db): quiet windows get no decision, as in training
            return LevelGatedClassifier.forStream(model);
        }
        if (!(model instanceof PresetModel preset) || preset.isVad()) {
            throw new Main.UsageException((strideMs != null ? "--stride-ms" : "--vad-threshold")
                    + " applies to openWakeWord presets, not " + name);
        }
        if (strideMs != null && vadThreshold != null) {
            throw new Main.UsageException("choose one of --stride-ms and --vad-threshold");
        }
        return strideMs != null ? preset.newPhasedClassifier(80 / strideMs) : preset.newGatedClassifier(vadThreshold);
    }
}
