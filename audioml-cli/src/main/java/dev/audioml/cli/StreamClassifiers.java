package dev.audioml.cli;

import dev.audioml.core.Classifier;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.LevelGatedClassifier;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.PresetModel;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SpeechGate;

/** The classifier a CLI stream runs, from the model and its options. Stateless. */
final class StreamClassifiers {

    private StreamClassifiers() {}

    /**
     * The speech gate {@code --vad-threshold} puts on a model other than an openWakeWord preset (which gates itself,
     * openWakeWord's way): Silero VAD at 16 kHz on the same windows.
     *
     * @param model the model
     * @param vadThreshold the --vad-threshold value, or null
     * @return a new gate (owned by the caller until handed to {@link #newClassifier}), or null when none applies
     */
    static SpeechGate speechGate(AudioModel model, Float vadThreshold) {
        if (vadThreshold == null || model instanceof PresetModel) {
            return null;
        }
        return new SpeechGate((SileroVad) Presets.classifier(Preset.SILERO_VAD.presetName(),
                ModelCache.defaultCache(System.err::println)), vadThreshold);
    }

    /**
     * A new classifier for one stream of {@code model}, phased ({@code --stride-ms}) or VAD-gated
     * ({@code --vad-threshold}) when asked, level-gated when the model declares {@code audioml.gate_db}.
     *
     * @param model the model
     * @param name its display name, for messages
     * @param strideMs the --stride-ms value, or null
     * @param vadThreshold the --vad-threshold value, or null
     * @param gate the {@link #speechGate} for this stream (its extractor watches the windows), or null; now owned
     * @return the classifier; the caller closes it
     * @throws Main.UsageException if an option does not apply to the model
     */
    static Classifier newClassifier(AudioModel model, String name, Integer strideMs, Float vadThreshold,
            SpeechGate gate) {
        if (strideMs != null && vadThreshold != null) {
            if (gate != null) {
                gate.close();
            }
            throw new Main.UsageException("choose one of --stride-ms and --vad-threshold");
        }
        if (gate != null) {
            return gate.gate(LevelGatedClassifier.forStream(model));
        }
        if (strideMs == null && vadThreshold == null) {
            // a trained model's level gate (audioml.gate_db): quiet windows get no decision, as in training
            return LevelGatedClassifier.forStream(model);
        }
        if (!(model instanceof PresetModel preset) || preset.isVad()) {
            throw new Main.UsageException(strideMs != null ? "--stride-ms applies to openWakeWord presets, not " + name
                    : "--vad-threshold gates a model by Silero VAD; it does not apply to " + name + " itself");
        }
        return strideMs != null ? preset.newPhasedClassifier(80 / strideMs) : preset.newGatedClassifier(vadThreshold);
    }
}
