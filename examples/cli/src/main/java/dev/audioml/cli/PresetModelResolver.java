package dev.audioml.cli;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.post.EventDetector;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.FileScoring;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.oww.PhasedWakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SpeechSegmenter;
import dev.audioml.onnx.silero.VadGatedClassifier;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets {@code --model} name a pretrained preset ({@code silero-vad}, {@code hey_jarvis}, ...): the preset is fetched
 * into the model cache on first use (progress on stderr) and runs on back-to-back raw-audio windows at 16 kHz (Silero
 * 512 samples, openWakeWord 1280). Registered in {@code META-INF/services/dev.audioml.onnx.ModelResolver}.
 *
 * <p>Thread-safe (stateless).
 */
public final class PresetModelResolver implements ModelResolver {

    @Override
    public Optional<AudioModel> open(String name) {
        String key = normalise(name);
        for (String preset : Preset.names()) {
            if (normalise(preset).equals(key)) {
                return Optional.of(new PresetModel(preset, ModelCache.defaultCache(System.err::println)));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> names() {
        return Preset.names();
    }

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
            return model instanceof dev.audioml.onnx.OnnxModel m ? dev.audioml.onnx.LevelGatedClassifier.of(m)
                    : model.newClassifier();
        }
        if (!(model instanceof PresetModel preset)) {
            throw new Main.UsageException((strideMs != null ? "--stride-ms" : "--vad-threshold")
                    + " applies to openWakeWord presets, not " + name);
        }
        if (strideMs != null && vadThreshold != null) {
            throw new Main.UsageException("choose one of --stride-ms and --vad-threshold");
        }
        return strideMs != null ? preset.newPhasedClassifier(80 / strideMs) : preset.newGatedClassifier(vadThreshold);
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** A preset as an {@link AudioModel}: one classifier (and model session) per stream. */
    static final class PresetModel implements AudioModel {
        private final String preset;
        private final ModelCache cache;
        private final Classifier probe;
        private final int sampleRateHz;
        private final int windowSamples;
        private final FileScoring fileScoring;
        private final AtomicBoolean closed = new AtomicBoolean();

        PresetModel(String preset, ModelCache cache) {
            this.preset = preset;
            this.cache = cache;
            this.probe = Presets.classifier(preset, cache);
            if (probe instanceof SileroVad vad) {
                sampleRateHz = vad.sampleRateHz();
                windowSamples = vad.chunkSamples();
                fileScoring = SileroVad.SPEECH_TIMESTAMPS;
            } else if (probe instanceof WakeWordClassifier wake) {
                sampleRateHz = wake.sampleRateHz();
                windowSamples = wake.hopSamples();
                fileScoring = WakeWordClassifier.PREDICT_CLIP;
            } else {
                probe.close();
                throw new IllegalStateException("preset " + preset + " gave an unexpected classifier " + probe);
            }
        }

        @Override
        public int sampleRateHz() {
            return sampleRateHz;
        }

        @Override
        public int windowSamples() {
            return windowSamples;
        }

        @Override
        public List<String> labels() {
            return probe.labels();
        }

        @Override
        public FeatureExtractor newExtractor() {
            return new IdentityExtractor(sampleRateHz);
        }

        @Override
        public Classifier newClassifier() {
            return Presets.classifier(preset, cache);
        }

        @Override
        public EventDetector defaultEvents() {
            return isVad() ? SpeechSegmenter.builder().build() : WakeWordClassifier.DEFAULT_EVENTS;
        }

        @Override
        public String toString() {
            return preset;
        }

        @Override
        public FileScoring fileScoring() {
            return fileScoring;
        }

        /**
         * @param vadThreshold silence the wake word unless Silero heard speech 0.32-0.56 s earlier (openWakeWord's
         *     vad_threshold)
         * @return a new VAD-gated classifier, owning its model sessions
         */
        Classifier newGatedClassifier(float vadThreshold) {
            if (isVad()) {
                throw new Main.UsageException("--vad-threshold applies to openWakeWord presets, not " + preset);
            }
            Classifier wake = Presets.classifier(preset, cache);
            try {
                return new VadGatedClassifier(wake, (SileroVad) Presets.classifier(Preset.SILERO_VAD.presetName(), cache),
                        vadThreshold);
            } catch (RuntimeException e) {
                wake.close();
                throw e;
            }
        }

        /**
         * @param phases hop grids for a wake-word preset (see {@link PhasedWakeWordClassifier})
         * @return a new classifier scoring every {@code 1280 / phases} samples, owning its model session
         */
        Classifier newPhasedClassifier(int phases) {
            if (isVad()) {
                throw new Main.UsageException("--stride-ms applies to openWakeWord presets, not " + preset);
            }
            return PhasedWakeWordClassifier.owning(Presets.wakeWords(cache, List.of(Preset.byName(preset))), phases);
        }

        /** @return whether this is the Silero VAD preset (its events are get_speech_timestamps segments) */
        boolean isVad() {
            return fileScoring == SileroVad.SPEECH_TIMESTAMPS;
        }

        @Override
        public boolean isStateful() {
            return true;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                probe.close();
            }
        }
    }
}
