package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FLAC (lossless: exact), Ogg Vorbis and MP3 (lossy: decoders differ in rounding, delay and dither) decoded by us and
 * by sox (libFLAC, libvorbisfile, libmad) from the same files made with the flac, oggenc and lame encoders.
 */
class CodecParityTest {
    /** sox decodes Vorbis to 16-bit (ov_read); JOrbis gives floats: at most one 16-bit step apart (measured 0.5). */
    static final double VORBIS_MAX_ABS_ERROR = 1.0 / 32768;
    /** Largest MP3 decoder delay difference searched when aligning JLayer with libmad, in samples. */
    static final int MP3_MAX_LAG = 2400;
    /** JLayer and libmad both reconstruct the same MDCT data; after alignment they must agree this closely. */
    static final double MP3_MIN_CORRELATION = 0.99999;
    /** Measured 2.8e-4 (about 9 16-bit steps): the two decoders' synthesis filters round differently. */
    static final double MP3_MAX_RMS_ERROR = 0.001;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "flac {0}-bit, {1} ch @ {2} Hz, channel {3}")
    @CsvSource({"16, 1, 44100, -1", "24, 2, 48000, -1", "16, 6, 16000, 4", "8, 2, 8000, -1"})
    void flacMatchesSoxExactly(int bits, int channels, int rateHz, int channel) throws Exception {
        Path wav = synth(bits, channels, rateHz);
        Path flac = dir.resolve("x.flac");
        ExternalTools.run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
        float[] expected = ExternalTools.toMono(ExternalTools.s32ToDouble(ExternalTools.soxDecodeS32(flac, dir)),
                channels, channel);
        try (AudioFileSource source = AudioFiles.open(flac, PcmParityTest.mode(channel))) {
            assertThat(source.info()).extracting(AudioFileInfo::container, AudioFileInfo::encoding,
                    AudioFileInfo::sampleRateHz, AudioFileInfo::channels, AudioFileInfo::frames)
                    .containsExactly("flac", "flac_s" + bits, rateHz, channels, (long) expected.length);
            assertThat(ExternalTools.readAll(source)).containsExactly(expected);
            assertThat(source.warnings()).isEmpty();
        }
    }

    @ParameterizedTest(name = "vorbis {0} ch @ {1} Hz")
    @CsvSource({"1, 16000", "2, 44100"})
    void vorbisMatchesSoxWithinSixteenBitRounding(int channels, int rateHz) throws Exception {
        Path wav = synth(16, channels, rateHz);
        Path ogg = dir.resolve("x.ogg");
        ExternalTools.run("oggenc", "-Q", "-q", "4", "-o", ogg.toString(), wav.toString());
        float[] expected = ExternalTools.toMono(ExternalTools.toDouble(ExternalTools.soxDecodeF32(ogg, dir)),
                channels, -1);
        try (AudioFileSource source = AudioFiles.open(ogg)) {
            assertThat(source.info().container()).isEqualTo("ogg");
            assertThat(source.info().encoding()).isEqualTo("vorbis");
            assertThat(source.info().channels()).isEqualTo(channels);
            float[] actual = ExternalTools.readAll(source);
            assertThat(actual).hasSameSizeAs(expected);
            assertThat(maxAbsDifference(actual, expected, 0)).isLessThanOrEqualTo(VORBIS_MAX_ABS_ERROR);
            assertThat(source.warnings()).isEmpty();
        }
        assertThat(AudioFiles.info(ogg).frames()).isEqualTo(expected.length);
    }

    @ParameterizedTest(name = "mp3 {0} ch @ {1} Hz")
    @CsvSource({"2, 44100", "1, 16000", "1, 22050"})
    void mp3MatchesSoxAfterAlignment(int channels, int rateHz) throws Exception {
        Path wav = synth(16, channels, rateHz);
        Path mp3 = dir.resolve("x.mp3");
        ExternalTools.run("lame", "--quiet", "-b", "128", wav.toString(), mp3.toString());
        float[] expected = ExternalTools.toMono(ExternalTools.toDouble(ExternalTools.soxDecodeF32(mp3, dir)),
                channels, -1);
        float[] actual;
        try (AudioFileSource source = AudioFiles.open(mp3)) {
            assertThat(source.info().container()).isEqualTo("mp3");
            assertThat(source.info().sampleRateHz()).isEqualTo(rateHz);
            assertThat(source.info().channels()).isEqualTo(channels);
            actual = ExternalTools.readAll(source);
        }
        int lag = bestLag(actual, expected);
        int from = Math.max(0, lag);
        int n = Math.min(actual.length - from, expected.length + Math.min(0, lag)) - 2 * MP3_MAX_LAG;
        double dot = 0, ea = 0, ee = 0, err = 0;
        for (int i = MP3_MAX_LAG; i < n; i++) {
            double a = actual[from + i];
            double e = expected[i + Math.max(0, -lag)];
            dot += a * e;
            ea += a * a;
            ee += e * e;
            err += (a - e) * (a - e);
        }
        assertThat(Math.abs(lag)).isLessThanOrEqualTo(MP3_MAX_LAG);
        assertThat(dot / Math.sqrt(ea * ee)).isGreaterThan(MP3_MIN_CORRELATION);
        assertThat(Math.sqrt(err / (n - MP3_MAX_LAG))).isLessThan(MP3_MAX_RMS_ERROR);
        assertThat(Math.abs(AudioFiles.info(mp3).frames() - actual.length)).isZero();
    }

    @Test
    void flacTruncatedDecodesThePrefixAndWarns() throws Exception {
        Path wav = synth(16, 1, 16000);
        Path flac = dir.resolve("x.flac");
        ExternalTools.run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
        Path cut = dir.resolve("cut.flac");
        byte[] bytes = java.nio.file.Files.readAllBytes(flac);
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        float[] full = ExternalTools.toMono(ExternalTools.s32ToDouble(ExternalTools.soxDecodeS32(flac, dir)), 1, -1);
        try (AudioFileSource source = AudioFiles.open(cut)) {
            float[] prefix = ExternalTools.readAll(source);
            assertThat(prefix.length).isBetween(1, full.length - 1);
            assertThat(prefix).containsExactly(java.util.Arrays.copyOf(full, prefix.length));
            assertThat(source.warnings()).singleElement().asString().contains("cut.flac").contains("truncated");
        }
    }

    /** Lag of {@code actual} relative to {@code expected} maximising their cross-correlation. */
    static int bestLag(float[] actual, float[] expected) {
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        int n = Math.min(actual.length, expected.length) - 2 * MP3_MAX_LAG;
        for (int lag = -MP3_MAX_LAG; lag <= MP3_MAX_LAG; lag++) {
            double dot = 0;
            for (int i = MP3_MAX_LAG; i < n; i += 3) {
                dot += actual[i + lag] * expected[i];
            }
            if (dot > bestDot) {
                bestDot = dot;
                best = lag;
            }
        }
        return best;
    }

    static double maxAbsDifference(float[] a, float[] b, int lag) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i + lag]));
        }
        return max;
    }

    /** 1 s of tones and noise, distinct per channel, as a PCM WAV for the encoders. */
    Path synth(int bits, int channels, int rateHz) throws Exception {
        return synth(dir, bits, channels, rateHz);
    }

    /** 1 s of tones and noise in {@code dir}, distinct per channel, as a PCM WAV for the encoders. */
    static Path synth(Path dir, int bits, int channels, int rateHz) throws Exception {
        Path out = dir.resolve("in" + bits + "x" + channels + "x" + rateHz + ".wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", String.valueOf(rateHz), "-c", String.valueOf(channels),
                "-e", bits == 8 ? "unsigned-integer" : "signed-integer", "-b", String.valueOf(bits), out.toString(),
                "synth", "1", "sine", "440", "pinknoise", "sine", "1234", "whitenoise", "square", "300", "sine", "90",
                "gain", "-6");
        return out;
    }

    /** 1 s of a sine at {@code frequencyHz}, mono 44.1 kHz, -6 dBFS. */
    static Path tone(Path dir, int frequencyHz) throws Exception {
        Path out = dir.resolve("tone" + frequencyHz + ".wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", "44100", "-c", "1", "-b", "16", out.toString(), "synth",
                "1", "sine", String.valueOf(frequencyHz), "gain", "-6");
        return out;
    }
}
