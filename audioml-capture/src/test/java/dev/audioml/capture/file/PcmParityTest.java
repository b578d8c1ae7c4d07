package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decodes WAV, AIFF, AIFF-C and AU files that sox wrote and compares every sample with sox's own decoding of the same file. */
class PcmParityTest {
    /** One float32 LSB at full scale: sox routes float files through its 32-bit integer samples. */
    static final double FLOAT_PARITY_TOLERANCE = Math.ulp(1f);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2}-bit, {3} ch @ {4} Hz, channel {5}")
    @CsvSource({
        "wav, unsigned-integer, 8, 1, 8000, -1",
        "wav, signed-integer, 16, 1, 16000, -1",
        "wav, signed-integer, 16, 2, 44100, -1",
        "wav, signed-integer, 16, 2, 44100, 1",
        "wav, signed-integer, 24, 3, 22050, -1",
        "wav, signed-integer, 24, 3, 22050, 2",
        "wav, signed-integer, 32, 6, 48000, -1",
        "wav, mu-law, 8, 1, 8000, -1",
        "wav, a-law, 8, 2, 8000, -1",
        "aiff, signed-integer, 8, 1, 11025, -1",
        "aiff, signed-integer, 16, 2, 44100, -1",
        "aiff, signed-integer, 24, 2, 96000, 0",
        "aiff, signed-integer, 32, 5, 32000, -1",
        "au, signed-integer, 8, 1, 8000, -1",
        "au, signed-integer, 16, 2, 22050, -1",
        "au, signed-integer, 24, 1, 16000, -1",
        "au, signed-integer, 32, 3, 16000, 1",
        "au, mu-law, 8, 1, 8000, -1",
        "au, a-law, 8, 2, 8000, -1",
    })
    void integerEncodingsMatchSoxExactly(String type, String encoding, int bits, int channels, int rateHz,
                                         int channel) throws Exception {
        Path wav = synth(type, encoding, bits, channels, rateHz);
        float[] expected = ExternalTools.toMono(ExternalTools.s32ToDouble(ExternalTools.soxDecodeS32(wav, dir)),
                channels, channel);
        try (AudioFileSource source = AudioFiles.open(wav, mode(channel))) {
            assertThat(source.info().container()).isEqualTo(type);
            assertThat(source.info().channels()).isEqualTo(channels);
            assertThat(source.info().sampleRateHz()).isEqualTo(rateHz);
            assertThat(source.info().frames()).isEqualTo(expected.length);
            assertThat(ExternalTools.readAll(source)).containsExactly(expected);
            assertThat(source.warnings()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} float {1}-bit, {2} ch")
    @CsvSource({"wav, 32, 1, pcm_f32le", "wav, 32, 2, pcm_f32le", "wav, 64, 1, pcm_f64le", "wav, 64, 3, pcm_f64le",
        "aifc, 32, 2, pcm_f32be", "aifc, 64, 1, pcm_f64be", "au, 32, 1, pcm_f32be", "au, 64, 2, pcm_f64be"})
    void floatEncodingsMatchSoxWithinOneLsb(String type, int bits, int channels, String encodingName)
            throws Exception {
        Path wav = synth(type, "floating-point", bits, channels, 16000);
        float[] expected = ExternalTools.toMono(ExternalTools.toDouble(ExternalTools.soxDecodeF32(wav, dir)),
                channels, -1);
        try (AudioFileSource source = AudioFiles.open(wav)) {
            assertThat(source.info().container()).isEqualTo(type);
            assertThat(source.info().encoding()).isEqualTo(encodingName);
            float[] actual = ExternalTools.readAll(source);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < actual.length; i++) {
                assertThat((double) actual[i]).as("sample %d", i).isCloseTo(expected[i],
                        within(FLOAT_PARITY_TOLERANCE));
            }
        }
    }

    /** Makes a 0.3 s file of distinct signals per channel (tones and noise) with sox. */
    Path synth(String type, String encoding, int bits, int channels, int rateHz) throws Exception {
        Path out = dir.resolve(encoding + bits + "x" + channels + "." + type);
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", String.valueOf(rateHz), "-c", String.valueOf(channels),
                "-e", encoding, "-b", String.valueOf(bits), out.toString(),
                "synth", "0.3", "sine", "440", "whitenoise", "sine", "1234", "pinknoise", "square", "300",
                "brownnoise", "gain", "-1");
        return out;
    }

    static ChannelMode mode(int channel) {
        return channel < 0 ? ChannelMode.MIX : ChannelMode.channel(channel);
    }
}
