package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The invariant every decoder fuzz target checks: any bytes end in samples (with one-line warnings naming the
 * file) or in an {@link AudioFormatException} whose message is one line, starts with the file and names no decoder
 * internals. Anything else (another exception, an {@link Error} such as OutOfMemoryError, a hang) is a finding.
 * Memory is bounded by running the targets under a small heap ({@code fuzz.heap}, 256 MiB).
 */
final class DecoderFuzzing {
    /** Samples read per input at most: enough to pass every decoder stage, short enough for many runs a second. */
    static final long MAX_SAMPLES_READ = 1 << 20;
    private static final Map<String, Path> FILES = new HashMap<>();

    static {
        // Printing each warning costs most of a fuzzing run's time (warnings are checked through the API instead).
        // Only when fuzzing: that JVM runs this target alone, while regression mode shares its JVM with tests that
        // assert on log records.
        if (System.getenv("JAZZER_FUZZ") != null) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
    }

    private DecoderFuzzing() {
    }

    /** Writes {@code data} to a reused temporary file named {@code *.ext} and decodes it under the invariant. */
    static void decode(byte[] data, String ext) {
        Path file = FILES.computeIfAbsent(ext, e -> {
            try {
                Path p = Files.createTempFile("audioml-fuzz-", "." + e);
                p.toFile().deleteOnExit();
                return p;
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        });
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (CorruptionPolicy policy : CorruptionPolicy.values()) {
            try (AudioFileSource source = AudioFiles.open(file, ChannelMode.MIX, policy)) {
                float[] buffer = new float[4099];
                long total = 0;
                for (int n; total < MAX_SAMPLES_READ && (n = source.read(buffer, 0, buffer.length)) > 0; ) {
                    total += n;
                    for (int i = 0; i < n; i++) {
                        assertThat(Float.isFinite(buffer[i])).isTrue();
                    }
                }
                for (String warning : source.warnings()) {
                    assertOneLineAboutTheFile(warning, file);
                }
            } catch (AudioFormatException e) {
                assertOneLineAboutTheFile(e.getMessage(), file);
            } catch (IOException e) {
                throw new AssertionError("undocumented IOException " + e, e);
            }
        }
    }

    static void assertOneLineAboutTheFile(String message, Path file) {
        assertThat(message).startsWith(file + ": ").doesNotContain("\n").doesNotContain("out of bounds")
                .doesNotContain("Exception").hasSizeLessThan(1000);
    }
}
