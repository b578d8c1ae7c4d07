package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.testing.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavWriterTest {
    /** Half a 16-bit step: the most rounding to 16-bit may move a sample. */
    static final double PCM16_ROUNDING_TOLERANCE = 0.5 / 32768;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} ch, {2} frames")
    @CsvSource({"PCM_16, 1, 1", "PCM_16, 2, 4801", "FLOAT_32, 1, 997", "FLOAT_32, 3, 20000"})
    void roundTripsThroughOurReaderAndSox(WavWriter.SampleFormat format, int channels, int frames)
            throws Exception {
        float[] interleaved = Signals.noise(frames * channels, 0.9, 42);
        Path wav = dir.resolve("out.wav");
        try (WavWriter writer = WavWriter.create(wav, 16000, channels, format)) {
            writer.write(interleaved, 0, interleaved.length / 2 / channels * channels);
            int done = interleaved.length / 2 / channels * channels;
            writer.write(interleaved, done, interleaved.length - done);
            assertThat(writer.framesWritten()).isEqualTo(frames);
        }
        double tolerance = format == WavWriter.SampleFormat.PCM_16 ? PCM16_ROUNDING_TOLERANCE : 0;
        for (int c = 0; c < channels; c++) {
            try (AudioFileSource source = AudioFiles.open(wav, ChannelMode.channel(c))) {
                assertThat(source.info().channels()).isEqualTo(channels);
                float[] back = ExternalTools.readAll(source);
                assertThat(back).hasSize(frames);
                for (int f = 0; f < frames; f++) {
                    assertThat((double) back[f]).isCloseTo(interleaved[f * channels + c],
                            org.assertj.core.api.Assertions.within(tolerance));
                }
            }
        }
        // sox agrees on what we wrote (header sizes, format tag)
        float[] sox = ExternalTools.soxDecodeF32(wav, dir);
        assertThat(sox).hasSize(frames * channels);
        assertThat((double) sox[frames * channels - 1]).isCloseTo(interleaved[frames * channels - 1],
                org.assertj.core.api.Assertions.within(PCM16_ROUNDING_TOLERANCE));
    }

    @Test
    void pcm16ClipsOutOfRangeSamples() throws Exception {
        Path wav = dir.resolve("clip.wav");
        try (WavWriter writer = WavWriter.create(wav, 8000, 1, WavWriter.SampleFormat.PCM_16)) {
            writer.write(new float[] {2f, -2f, 1f, -1f}, 0, 4);
        }
        try (AudioFileSource source = AudioFiles.open(wav)) {
            assertThat(ExternalTools.readAll(source)).containsExactly(32767 / 32768f, -1f, 32767 / 32768f, -1f);
        }
    }

    @Test
    void rejectsPartialFramesAndUseAfterClose() throws Exception {
        WavWriter writer = WavWriter.create(dir.resolve("x.wav"), 8000, 2, WavWriter.SampleFormat.PCM_16);
        assertThatThrownBy(() -> writer.write(new float[3], 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of channels (2)");
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.write(new float[2], 0, 2)).isInstanceOf(IllegalStateException.class);
    }
}
