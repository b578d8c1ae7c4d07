package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AAC (JAAD) and Opus (Concentus) in every container we read, against Debian's {@code ffmpeg} as the golden: files
 * made at test time with ffmpeg's encoders (aac, libopus; video tracks libx264, mpeg4, libvpx), decoded by ffmpeg
 * (its own AAC decoder; libopus for Opus) to float32 and by us. The length must equal ffmpeg's, except where ffmpeg's
 * command line keeps the AAC encoder's end padding that the MP4 edit list cuts.
 *
 * <p>The AAC files are encoded without perceptual noise substitution ({@code -aac_pns 0}: noise bands are random by
 * design, so two correct decoders differ there) but with temporal noise shaping (TNS, on by default), which JAAD
 * does not apply: frames where the encoder used TNS (transients) differ, the rest agrees to 1e-6.
 */
class CompressedParityTest {
    /** JAAD without TNS on transient frames: measured 0.99999 on these tone-and-noise files, 0.9991 on speech. */
    static final double AAC_MIN_CORRELATION = 0.999;
    /** Measured 1e-6 (no TNS frames) to 4e-3 (speech, TNS on each onset), at -6 dBFS. */
    static final double AAC_MAX_RMS_ERROR = 5e-3;
    /** Concentus is a port of libopus' fixed-point decoder: measured 0.9999999 against libopus. */
    static final double OPUS_MIN_CORRELATION = 0.99999;
    /** Measured 2e-5 to 5e-5 (16-bit output), at -6 dBFS. */
    static final double OPUS_MAX_RMS_ERROR = 2e-4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {1} ch @ {2} Hz, {3}")
    @CsvSource({
        "m4a, 2, 44100, -c:a aac -aac_pns 0 -b:a 128k, mp4, aac",
        "m4a, 1, 16000, -c:a aac -aac_pns 0 -b:a 48k, mp4, aac",
        "aac, 2, 48000, -c:a aac -aac_pns 0 -f adts, adts, aac",
        "mp4, 2, 44100, -f lavfi -i testsrc=size=64x48:rate=10 -shortest -c:v libx264 -c:a aac -aac_pns 0, mp4, aac",
        "mov, 1, 48000, -f lavfi -i testsrc=size=64x48:rate=10 -shortest -c:v mpeg4 -c:a aac -aac_pns 0, mp4, aac",
        "mkv, 2, 22050, -c:a aac -aac_pns 0, matroska, aac",
        "opus, 2, 48000, -c:a libopus -b:a 96k, ogg, opus",
        "opus, 1, 16000, -c:a libopus -b:a 24k, ogg, opus",
        "webm, 2, 48000, -f lavfi -i testsrc=size=64x48:rate=10 -shortest -c:v libvpx -c:a libopus, matroska, opus",
    })
    void matchesFfmpeg(String ext, int channels, int rateHz, String encoderArgs, String container, String codec)
            throws Exception {
        Path wav = CodecParityTest.synth(dir, 16, channels, rateHz);
        Path file = dir.resolve("x." + ext);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", wav.toString()));
        command.addAll(List.of(encoderArgs.split(" ")));
        if (encoderArgs.contains("lavfi")) {
            // the video source goes first so that the audio is the second stream, as in a phone's recording
            command.subList(4, 6).clear();
            int at = command.indexOf("-shortest");
            command.addAll(at, List.of("-i", wav.toString()));
        }
        command.add(file.toString());
        ExternalTools.run(command.toArray(String[]::new));
        float[] expected = ExternalTools.toMono(ExternalTools.toDouble(ffmpegDecode(file, 0, codec)), channels, -1);
        float[] actual;
        try (AudioFileSource source = AudioFiles.open(file)) {
            assertThat(source.info().container()).isEqualTo(container);
            assertThat(source.info().encoding()).isEqualTo(codec);
            assertThat(source.info().decoder()).isEqualTo(codec.equals("aac") ? CompressedTracks.JAAD
                    : CompressedTracks.CONCENTUS);
            assertThat(source.info().channels()).isEqualTo(channels);
            assertThat(source.info().sampleRateHz()).isEqualTo(codec.equals("opus") ? 48000 : rateHz);
            actual = ExternalTools.readAll(source);
            assertThat(source.warnings()).isEmpty();
        }
        if (container.equals("mp4")) {
            // the edit list gives the recording's length; ffmpeg's command line keeps the last packet's padding
            assertThat(actual.length).isEqualTo(rateHz).isLessThanOrEqualTo(expected.length);
        } else {
            assertThat(actual.length).isEqualTo(expected.length);
        }
        double[] stats = compare(actual, expected);
        System.out.printf("%s %d ch %d Hz: correlation %.7f rms %.2e (lengths %d, ffmpeg %d)%n", ext, channels,
                rateHz, stats[0], stats[1], actual.length, expected.length);
        assertThat(stats[0]).isGreaterThan(codec.equals("aac") ? AAC_MIN_CORRELATION : OPUS_MIN_CORRELATION);
        assertThat(stats[1]).isLessThan(codec.equals("aac") ? AAC_MAX_RMS_ERROR : OPUS_MAX_RMS_ERROR);
        assertThat(AudioFiles.info(file).frames()).isEqualTo(actual.length);
    }

    @Test
    void speechWithTemporalNoiseShapingStaysWithinTheAacTolerance() throws Exception {
        Path wav = dir.resolve("speech.wav");
        ExternalTools.run("espeak-ng", "-w", wav.toString(), "The quick brown fox jumps over the lazy dog.");
        Path m4a = dir.resolve("speech.m4a");
        ExternalTools.run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), "-c:a", "aac", "-aac_pns", "0",
                m4a.toString());
        float[] expected = ffmpegDecode(m4a, 0, "aac");
        try (AudioFileSource source = AudioFiles.open(m4a)) {
            double[] stats = compare(ExternalTools.readAll(source), expected);
            assertThat(stats[0]).isGreaterThan(AAC_MIN_CORRELATION).isLessThan(0.99999);
            assertThat(stats[1]).isLessThan(AAC_MAX_RMS_ERROR);
        }
    }

    @Test
    void secondAudioTrackOfAVideo() throws Exception {
        Path low = CodecParityTest.tone(dir, 300);
        Path high = CodecParityTest.tone(dir, 3000);
        for (String ext : List.of("mp4", "mkv")) {
            Path file = dir.resolve("two." + ext);
            ExternalTools.run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10",
                    "-i", low.toString(), "-i", high.toString(), "-map", "0:v", "-map", "1:a", "-map", "2:a",
                    "-shortest", "-c:v", "mpeg4", "-c:a", "aac", "-aac_pns", "0", file.toString());
            for (int track = 0; track < 2; track++) {
                float[] expected = ffmpegDecode(file, track, "aac");
                try (AudioFileSource source = AudioFiles.open(file, ChannelMode.MIX, CorruptionPolicy.FAIL, track)) {
                    float[] actual = ExternalTools.readAll(source);
                    assertThat(compare(actual, expected)[0]).as("%s track %d", ext, track)
                            .isGreaterThan(AAC_MIN_CORRELATION);
                }
            }
            int missing = 2;
            assertThatThrownBy(() -> AudioFiles.open(file, ChannelMode.MIX, CorruptionPolicy.FAIL, missing))
                    .isInstanceOf(AudioFormatException.class)
                    .hasMessage(file + ": audio track 2 requested but the file has 2 audio track(s) (0 to 1)");
        }
    }

    @Test
    void formatsWithoutABuiltInDecoderNameTheCodecAndTheModule() throws Exception {
        Path wav = CodecParityTest.synth(dir, 16, 1, 16000);
        Path alac = dir.resolve("alac.m4a");
        ExternalTools.run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), "-c:a", "alac", alac.toString());
        assertThatThrownBy(() -> AudioFiles.open(alac)).isInstanceOf(AudioFormatException.class)
                .hasMessage(alac + ": MP4 audio track codec 'alac' (Apple Lossless) is not supported by the built-in "
                        + "decoders (AAC, Opus); put audioml-ffmpeg on the class path to read it");
        Path video = dir.resolve("silent.mp4");
        ExternalTools.run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:d=1",
                "-c:v", "mpeg4", video.toString());
        assertThatThrownBy(() -> AudioFiles.open(video)).isInstanceOf(AudioFormatException.class)
                .hasMessage(video + ": MP4/MOV file has no audio track");
    }

    @Test
    void truncatedFilesDecodeThePrefixAndWarn() throws Exception {
        Path wav = CodecParityTest.synth(dir, 16, 1, 48000);
        for (String ext : List.of("webm", "opus", "aac")) {
            Path file = dir.resolve("full." + ext);
            // Ogg pages of 100 ms (ffmpeg's default is 1 s: the whole file on one page)
            ExternalTools.run("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), "-c:a",
                    ext.equals("aac") ? "aac" : "libopus", "-page_duration", "100000", file.toString());
            float[] full;
            try (AudioFileSource source = AudioFiles.open(file)) {
                full = ExternalTools.readAll(source);
            }
            byte[] bytes = Files.readAllBytes(file);
            Path cut = dir.resolve("cut." + ext);
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
            try (AudioFileSource source = AudioFiles.open(cut)) {
                float[] prefix = ExternalTools.readAll(source);
                assertThat(prefix.length).as(ext).isBetween(full.length / 3, full.length - 1);
                assertThat(compare(java.util.Arrays.copyOf(prefix, 4096), java.util.Arrays.copyOf(full, 4096))[1])
                        .as(ext).isZero();
                assertThat(source.warnings()).as(ext).singleElement().asString().startsWith(cut + ": truncated");
            }
        }
    }

    /**
     * ffmpeg's decoding of one audio track to interleaved float32 at the file's own rate and channels: its own AAC
     * decoder, and for Opus libopus (the reference decoder, which Concentus ports) rather than its own.
     */
    float[] ffmpegDecode(Path file, int track, String codec) throws Exception {
        Path raw = dir.resolve(file.getFileName() + "." + track + ".f32");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        if (codec.equals("opus")) {
            command.addAll(List.of("-c:a", "libopus"));
        }
        command.addAll(List.of("-i", file.toString(), "-map", "0:a:" + track, "-f", "f32le", "-c:a", "pcm_f32le",
                raw.toString()));
        ExternalTools.run(command.toArray(String[]::new));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** {correlation, RMS error} over the common length, no lag search: both decoders must be sample-aligned. */
    static double[] compare(float[] actual, float[] expected) {
        int n = Math.min(actual.length, expected.length);
        double dot = 0, ea = 0, ee = 0, err = 0;
        for (int i = 0; i < n; i++) {
            double a = actual[i];
            double e = expected[i];
            dot += a * e;
            ea += a * a;
            ee += e * e;
            err += (a - e) * (a - e);
        }
        return new double[] {dot / Math.sqrt(ea * ee), Math.sqrt(err / n)};
    }
}
