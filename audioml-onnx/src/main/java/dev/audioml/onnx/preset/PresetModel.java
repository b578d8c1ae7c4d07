package dev.audioml.onnx.preset;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.post.EventDetector;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.FileScoring;
import dev.audioml.onnx.oww.PhasedWakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SpeechSegmenter;
import dev.audioml.onnx.silero.VadGatedClassifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pretrained preset as an {@link AudioModel}: back-to-back raw-audio windows at 16 kHz (Silero 512 samples,
 * openWakeWord 1280), one stateful classifier (and model session) per stream. Presets score files the way their
 * upstream does ({@link #fileScoring()}: Silero's get_speech_timestamps, openWakeWord's predict_clip).
 *
 * <p>Thread-safe; {@link #newClassifier()} gives each stream its own classifier, owned by the caller. The model holds
 * one probe session until {@link #close()}.
 *
 * @since 0.1
 */
public final class PresetModel implements AudioModel {
    private final String preset;
    private final ModelCache cache;
    private final Classifier probe;
    private final int sampleRateHz;
    private final int windowSamples;
    private final FileScoring fileScoring;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Opens a preset from {@code cache}, fetching its files on first use.
     *
     * @param preset a name from {@link Preset#names()}
     * @param cache the model cache
     * @throws IllegalArgumentException if the name is not a preset
     */
    public PresetModel(String preset, ModelCache cache) {
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
    public Classifier newGatedClassifier(float vadThreshold) {
        if (isVad()) {
            throw new IllegalArgumentException("a VAD gate applies to openWakeWord presets, not " + preset);
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
    public Classifier newPhasedClassifier(int phases) {
        if (isVad()) {
            throw new IllegalArgumentException("phased scoring applies to openWakeWord presets, not " + preset);
        }
        return PhasedWakeWordClassifier.owning(Presets.wakeWords(cache, List.of(Preset.byName(preset))), phases);
    }

    /** @return whether this is the Silero VAD preset (its events are get_speech_timestamps segments) */
    public boolean isVad() {
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
