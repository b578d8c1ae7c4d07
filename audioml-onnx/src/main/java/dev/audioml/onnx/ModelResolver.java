package dev.audioml.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Turns a {@code --model} argument that is not a file (a preset name such as {@code silero-vad}) into an open
 * {@link AudioModel}, fetching files if needed. Implementations register in
 * {@code META-INF/services/dev.audioml.onnx.ModelResolver}.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface ModelResolver {

    /**
     * @param name the argument, e.g. {@code hey_jarvis}
     * @return the opened model (owned by the caller), or empty if this resolver does not know the name
     */
    Optional<AudioModel> open(String name);

    /** @return the names this resolver knows, for error messages */
    List<String> names();

    /**
     * Opens a {@code --model} argument: an existing file is opened as an {@link OnnxModel} (configured by its
     * metadata); otherwise every registered resolver is asked in turn.
     *
     * @param nameOrPath a path or a preset name
     * @return the open model, owned by the caller
     * @throws UnknownModelException if it is neither a file nor a name a resolver knows (listing the known names)
     * @throws IllegalArgumentException if the file's metadata is missing or inconsistent
     * @throws dev.audioml.core.AudioMLException if ONNX Runtime cannot load it
     */
    static AudioModel openModel(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return OnnxModel.open(p);
        }
        List<String> known = new ArrayList<>();
        for (ModelResolver r : ServiceLoader.load(ModelResolver.class)) {
            Optional<AudioModel> found = r.open(nameOrPath);
            if (found.isPresent()) {
                return found.get();
            }
            known.addAll(r.names());
        }
        throw new UnknownModelException("model \"" + nameOrPath + "\" is neither a file nor a known preset"
                + (known.isEmpty() ? "" : "; presets: " + known));
    }

    /**
     * A {@code --model} argument that names no file and no known preset.
     *
     * @since 0.1
     */
    final class UnknownModelException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** @param message names the argument and the known presets */
        public UnknownModelException(String message) {
            super(message);
        }
    }
}
