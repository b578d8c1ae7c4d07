package dev.audioml.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file longer than a training clip may be is refused with one line naming it and the limit. */
class ClipAudioTest {
    @TempDir
    Path dir;

    @Test
    void aFileWhoseHeaderGivesMoreThanTheLimitIsRefusedBeforeDecoding() throws Exception {
        Path wav = dir.resolve("field-recording.wav");
        sox(wav.toString(), "601");
        assertThatThrownBy(() -> ClipAudio.read(wav, 16000)).isInstanceOf(IOException.class)
                .hasMessage(wav + ": 601.0 s long; a training or evaluation clip may be at most 600 s "
                        + "(ClipAudio.MAX_CLIP_SECONDS): cut it into clips, e.g. sox field-recording.wav clip.wav "
                        + "trim 0 10 : newfile : restart");
    }

    @Test
    void aFileWithoutALengthInItsHeaderIsRefusedOnceDecodingPassesTheLimit() throws Exception {
        // Ogg Vorbis states no length in its headers (only the last page's granule position does)
        Path wav = dir.resolve("long.wav");
        sox(wav.toString(), "601");
        Path ogg = dir.resolve("streamed.ogg");
        Process p = new ProcessBuilder("oggenc", "-Q", "-q", "0", "-o", ogg.toString(), wav.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThatThrownBy(() -> ClipAudio.read(ogg, 8000)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(ogg + ": longer than that; a training or evaluation clip may be at most 600 s");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path wav = dir.resolve("ten-minutes.wav");
        sox(wav.toString(), "600");
        assertThat(ClipAudio.read(wav, 8000)).hasSize(600 * 8000);
    }

    private static void sox(String out, String seconds) throws Exception {
        Process p = new ProcessBuilder("sox", "-V1", "-R", "-n", "-r", "8000", "-c", "1", "-b", "16", out, "synth",
                seconds, "sine", "440").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
