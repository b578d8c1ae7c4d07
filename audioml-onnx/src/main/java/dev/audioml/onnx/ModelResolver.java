package dev.audioml.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Turns a {@code --model} argument that is not a file (a preset name such as {@code silero-vad}) into a model file,
 * fetching it if needed. Implementations register in {@code META-INF/services/dev.audioml.onnx.ModelResolver}.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface ModelResolver {

    /**
     * @param name the argument, e.g. {@code hey_jarvis}
     * @return the model file, or empty if this resolver does not know the name
     */
    Optional<Path> resolve(String name);

    /** @return the names this resolver knows, for error messages */
    List<String> names();

    /**
     * Resolves a {@code --model} argument: an existing file is returned as is; otherwise every registered resolver is
     * asked in turn.
     *
     * @param nameOrPath a path or a preset name
     * @return the model file
     * @throws IllegalArgumentException if it is neither a file nor a known name (listing the known names)
     */
    static Path resolveModel(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return p;
        }
        List<String> known = new ArrayList<>();
        for (ModelResolver r : ServiceLoader.load(ModelResolver.class)) {
            Optional<Path> found = r.resolve(nameOrPath);
            if (found.isPresent()) {
                return found.get();
            }
            known.addAll(r.names());
        }
        throw new IllegalArgumentException("model \"" + nameOrPath + "\" is neither a file nor a known preset"
                + (known.isEmpty() ? "" : "; presets: " + known));
    }
}
