package dev.audioml.onnx.preset;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model file inside a published npm package, pinned by version and SHA-256.
 *
 * <p>Immutable and thread-safe.
 *
 * @param packageName the npm package, e.g. {@code @ricky0123/vad-web}
 * @param version the exact package version, e.g. {@code 0.0.31}
 * @param pathInPackage the file's path inside the package tarball, below {@code package/}, e.g.
 *     {@code dist/silero_vad_v5.onnx}
 * @param sha256 the expected SHA-256 of the file, 64 lowercase hex digits
 * @param sizeBytes the expected size in bytes
 * @since 0.1
 */
public record ModelFile(String packageName, String version, String pathInPackage, String sha256, long sizeBytes) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    /** Validates. */
    public ModelFile {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(pathInPackage, "pathInPackage");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must be an exact x.y.z version, got \"" + version + "\"");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got \"" + sha256 + "\"");
        }
        if (sizeBytes < 1) {
            throw new IllegalArgumentException("sizeBytes must be >= 1, got " + sizeBytes);
        }
        if (pathInPackage.startsWith("/") || pathInPackage.contains("..")) {
            throw new IllegalArgumentException("pathInPackage must be relative without '..', got \"" + pathInPackage + "\"");
        }
    }

    /** @return {@code package@version}, the argument {@code npm pack} takes */
    public String packageSpec() {
        return packageName + "@" + version;
    }

    /** @return the file name, e.g. {@code silero_vad_v5.onnx} */
    public String fileName() {
        return pathInPackage.substring(pathInPackage.lastIndexOf('/') + 1);
    }

    /** @return the cache folder of the package version, relative to the cache root, e.g. {@code ricky0123-vad-web/0.0.31} */
    public String cacheFolder() {
        return packageName.replace("@", "").replace('/', '-').toLowerCase(Locale.ROOT) + "/" + version;
    }
}
