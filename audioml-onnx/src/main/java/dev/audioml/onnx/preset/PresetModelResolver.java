package dev.audioml.onnx.preset;

import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelResolver;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lets {@link ModelResolver#openModel(String)} (and the CLI's {@code --model}) name a pretrained preset
 * ({@code silero-vad}, {@code hey_jarvis}, ...): the preset is fetched into the {@linkplain ModelCache#defaultCache
 * default model cache} on first use (progress on stderr) and opened as a {@link PresetModel}. Names match ignoring
 * case, and {@code -} equals {@code _}. Registered in {@code META-INF/services/dev.audioml.onnx.ModelResolver} of
 * audioml-onnx, so a plain Java app with audioml-onnx on its class path resolves presets.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
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

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
