package dev.audioml.onnx.preset;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.post.EventDetector;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.FileScoring;
import dev.audioml.onnx.oww.PhasedWakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.silero.SpeechSegmenter;
import dev.audioml.onnx.silero.VadGatedClassifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pretrained preset as an {@link AudioModel}: back-to-back raw-audio windows at 16 kHz (Silero 512 samples,
 * openWakeWord 1280), one stateful classifier per stream. Presets score files the way their upstream does
 * ({@link #fileScoring()}: Silero's get_speech_timestamps, openWakeWord's predict_clip).
 *
 * <p>The ONNX Runtime sessions are opened once, by the constructor, and shared by every stream (as
 * {@link SileroVadModel} and {@link WakeWordModel} allow): a stream costs its tensors and state, not a model load
 * (which took most of the time of a short file when every stream opened its own).
 *
 * <p>Thread-safe; {@link #newClassifier()} gives each stream its own classifier, owned by the caller. Close the
 * classifiers before the model: {@link #close()} frees the shared sessions.
 *
 * @since 0.1
 */
public final class PresetModel implements AudioModel {
    private final String preset;
    private final ModelCache cache;
    /** The shared Silero model of the VAD preset, else null. */
    private final SileroVadModel vad;
    /** The shared openWakeWord model of a wake-word preset, else null. */
    private final WakeWordModel wake;
    /** Silero for {@link #newGatedClassifier}, opened by its first call; guarded by this. */
    private SileroVadModel gateVad;
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
        Preset p = Preset.byName(preset);
        if (p.kind() == Preset.Kind.VAD) {
            this.vad = Presets.sileroVad(cache);
            this.wake = null;
            SileroVad stream = vad.newStream(SILERO_RATE_HZ);
            probe = stream;
            sampleRateHz = stream.sampleRateHz();
            windowSamples = stream.chunkSamples();
            fileScoring = SileroVad.SPEECH_TIMESTAMPS;
        } else {
            this.vad = null;
            this.wake = Presets.wakeWords(cache, List.of(p));
            WakeWordClassifier stream = wake.newClassifier();
            probe = stream;
            sampleRateHz = stream.sampleRateHz();
            windowSamples = stream.hopSamples();
            fileScoring = WakeWordClassifier.PREDICT_CLIP;
        }
    }

    /** Silero's streams run at 16 kHz, as {@link Presets#classifier} opens them. */
    private static final int SILERO_RATE_HZ = 16_000;

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

    /** @return a new stream on the shared sessions; closing it leaves them open */
    @Override
    public Classifier newClassifier() {
        requireOpen();
        return vad != null ? vad.newStream(SILERO_RATE_HZ) : wake.newClassifier();
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
     * @return a new VAD-gated classifier on shared sessions (Silero's opened from the cache by the first call)
     */
    public Classifier newGatedClassifier(float vadThreshold) {
        if (isVad()) {
            throw new IllegalArgumentException("a VAD gate applies to openWakeWord presets, not " + preset);
        }
        SileroVad gate;
        synchronized (this) {
            requireOpen();
            if (gateVad == null) {
                gateVad = Presets.sileroVad(cache);
            }
            gate = gateVad.newStream(SILERO_RATE_HZ);
        }
        return new VadGatedClassifier(wake.newClassifier(), gate, vadThreshold);
    }

    /**
     * @param phases hop grids for a wake-word preset (see {@link PhasedWakeWordClassifier})
     * @return a new classifier scoring every {@code 1280 / phases} samples, on the shared sessions
     */
    public Classifier newPhasedClassifier(int phases) {
        if (isVad()) {
            throw new IllegalArgumentException("phased scoring applies to openWakeWord presets, not " + preset);
        }
        requireOpen();
        return wake.newPhasedClassifier(phases);
    }

    /** @return whether this is the Silero VAD preset (its events are get_speech_timestamps segments) */
    public boolean isVad() {
        return fileScoring == SileroVad.SPEECH_TIMESTAMPS;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    /** Closes the shared sessions; classifiers made by this model must be closed first. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            probe.close();
            if (vad != null) {
                vad.close();
            }
            if (wake != null) {
                wake.close();
            }
            synchronized (this) {
                if (gateVad != null) {
                    gateVad.close();
                }
            }
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("PresetModel " + preset + " is closed");
        }
    }
}
