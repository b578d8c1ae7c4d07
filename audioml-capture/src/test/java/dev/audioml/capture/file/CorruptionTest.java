package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Valid files with random bytes overwritten (seeded): decoding either finishes or fails with an IOException; never
 * another exception, never a hang. (Run once with 150 variants per format: 0 hangs after the FLAC end-of-file
 * guard; jFLAC looped forever on one variant before it. FLAC now uses our own FlacDecoder; see docs/reliability.md.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CorruptionTest {
    private static final int VARIANTS = 12;
    private static final int BYTES_DAMAGED = 16;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wav", "aiff", "au", "flac", "ogg", "mp3"})
    void damagedFilesFailCleanlyOrDecode(String type) throws Exception {
        Path wav = dir.resolve("in.wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", "16000", "-c", "2", "-b", "16", wav.toString(),
                "synth", "1", "sine", "440", "pinknoise", "gain", "-6");
        Path encoded = dir.resolve("encoded." + type);
        switch (type) {
            case "flac": ExternalTools.run("flac", "-s", "-f", "-o", encoded.toString(), wav.toString()); break;
            case "ogg": ExternalTools.run("oggenc", "-Q", "-o", encoded.toString(), wav.toString()); break;
            case "mp3": ExternalTools.run("lame", "--quiet", wav.toString(), encoded.toString()); break;
            default: ExternalTools.run("sox", "-V1", wav.toString(), encoded.toString());
        }
        byte[] original = Files.readAllBytes(encoded);
        SplittableRandom random = new SplittableRandom(type.hashCode());
        for (int v = 0; v < VARIANTS; v++) {
            byte[] damaged = original.clone();
            // even variants: anywhere (mostly header checks); odd ones: the second half only (the decoders)
            int from = v % 2 == 0 ? 0 : damaged.length / 2;
            for (int i = 0; i < BYTES_DAMAGED; i++) {
                damaged[from + random.nextInt(damaged.length - from)] = (byte) random.nextInt(256);
            }
            Path path = Files.write(dir.resolve("damaged-" + v + "." + type), damaged);
            Throwable thrown = catchThrowable(() -> {
                try (AudioFileSource source = AudioFiles.open(path)) {
                    float[] samples = ExternalTools.readAll(source);
                    assertThat(samples.length).isLessThan(16000 * 60);
                }
            });
            if (thrown != null) {
                assertThat(thrown).as("variant %d of %s", v, type).isInstanceOf(java.io.IOException.class);
                assertThat(thrown.getMessage()).contains(path.toString()).doesNotContain("\n");
            }
        }
    }
}
