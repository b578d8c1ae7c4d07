package dev.audioml.onnx.preset;

import dev.audioml.core.Classifier;
import dev.audioml.onnx.oww.OwwBackbone;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordHead;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SileroVadModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens pretrained presets by name, fetching their files into a {@link ModelCache} on first use.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class Presets {
    private Presets() {
    }

    /**
     * Opens Silero VAD v5.
     *
     * @param cache where the model lives (fetched if missing)
     * @return the shared model; the caller closes it
     */
    public static SileroVadModel sileroVad(ModelCache cache) {
        return SileroVadModel.open(cache.resolve(Preset.SILERO_VAD).get(0));
    }

    /**
     * Opens openWakeWord with one or more wake-word heads on one shared embedding stream.
     *
     * @param cache where the models live (fetched if missing)
     * @param presets wake-word presets, e.g. {@link Preset#HEY_JARVIS}
     * @return the model; the caller closes it
     * @throws IllegalArgumentException if a preset is not a wake word
     */
    public static WakeWordModel wakeWords(ModelCache cache, List<Preset> presets) {
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("give at least one wake-word preset; known: " + Preset.ofKind(Preset.Kind.WAKE_WORD));
        }
        List<List<Path>> files = new ArrayList<>();
        for (Preset p : presets) {
            if (p.kind() != Preset.Kind.WAKE_WORD) {
                throw new IllegalArgumentException("preset " + p.presetName() + " is a " + p.kind().displayName()
                        + " model, not a wake word");
            }
            files.add(cache.resolve(p));
        }
        OwwBackbone backbone = OwwBackbone.open(files.get(0).get(0), files.get(0).get(1));
        List<WakeWordHead> heads = new ArrayList<>();
        try {
            for (int i = 0; i < presets.size(); i++) {
                Preset p = presets.get(i);
                List<String> labels = p.labels().equals(List.of(p.presetName())) ? List.of() : p.labels();
                heads.add(WakeWordHead.open(files.get(i).get(2), p.presetName(), labels));
            }
            return new WakeWordModel(backbone, heads);
        } catch (RuntimeException e) {
            heads.forEach(WakeWordHead::close);
            backbone.close();
            throw e;
        }
    }

    /**
     * Opens a preset as a single-stream classifier that owns its model: Silero VAD at 16 kHz (512-sample frames), or a
     * wake word (1280-sample frames at 16 kHz).
     *
     * @param name a preset name ({@link Preset#byName})
     * @param cache where the models live
     * @return the classifier; closing it releases the model
     */
    public static Classifier classifier(String name, ModelCache cache) {
        Preset p = Preset.byName(name);
        if (p.kind() == Preset.Kind.VAD) {
            return SileroVad.open(cache.resolve(p).get(0), 16_000);
        }
        return WakeWordClassifier.owning(wakeWords(cache, List.of(p)));
    }
}
