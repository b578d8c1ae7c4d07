package dev.audioml.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows are read in blocks from a file of any length, equal to the whole-clip windows; a file longer than a clip
 * {@link ClipAudio#read} holds whole is refused there with one line naming it and the limit.
 */
class ClipAudioTest {
    @TempDir
    Path dir;

    @Test
    void aFileWhoseHeaderGivesMoreThanTheLimitIsRefusedBeforeDecoding() throws Exception {
        Path wav = dir.resolve("field-recording.wav");
        sox(wav.toString(), "601");
        assertThatThrownBy(() -> ClipAudio.read(wav, 16000)).isInstanceOf(IOException.class)
                .hasMessage(wav + ": 601.0 s long; a clip to augment, or a noise file, may be at most 600 s "
                        + "(ClipAudio.MAX_CLIP_SECONDS; augmentation holds the whole clip): cut it into clips, e.g. sox "
                        + "field-recording.wav clip.wav trim 0 10 : newfile : restart");
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
                .hasMessageStartingWith(ogg + ": longer than that; a clip to augment, or a noise file, may be at "
                        + "most 600 s");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path wav = dir.resolve("ten-minutes.wav");
        sox(wav.toString(), "600");
        assertThat(ClipAudio.read(wav, 8000)).hasSize(600 * 8000);
    }

    @Test
    void streamedWindowsEqualTheWholeClipsWindowsBitForBit() throws Exception {
        // 44.1 kHz stereo resampled to 16 kHz: hops shorter and longer than the window, a tail and a short clip
        Path wav = dir.resolve("stereo.wav");
        run("sox", "-V1", "-R", "-n", "-r", "44100", "-c", "2", "-b", "16", wav.toString(), "synth", "7.3", "pinknoise",
                "sine", "660");
        Path shortWav = dir.resolve("short.wav");
        run("sox", "-V1", "-R", "-n", "-r", "44100", "-c", "1", "-b", "16", shortWav.toString(), "synth", "0.4", "sine",
                "440");
        for (int[] c : new int[][] {{15600, 7800}, {16000, 16000}, {8000, 20000}, {16000, 4001}}) {
            for (Path f : List.of(wav, shortWav)) {
                List<float[]> expected = ClipAudio.windows(ClipAudio.read(f, 16000), c[0], c[1]);
                List<float[]> streamed = new ArrayList<>();
                long samples = ClipAudio.forEachWindow(f, 16000, c[0], c[1], (w, i) -> {
                    assertThat(i).isEqualTo(streamed.size());
                    streamed.add(w.clone());
                });
                assertThat(samples).isEqualTo(ClipAudio.read(f, 16000).length);
                assertThat(streamed).as("%s, window %d, hop %d", f.getFileName(), c[0], c[1])
                        .hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    int at = java.util.Arrays.mismatch(streamed.get(i), expected.get(i));
                    assertThat(at).as("%s, window %d of %d (hop %d): first differing sample (%s)", f.getFileName(),
                            i, expected.size(), c[1], at < 0 ? "" : streamed.get(i)[at] + " vs " + expected.get(i)[at])
                            .isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void aFileLongerThanAClipIsWindowedInBlocksWithoutHoldingIt() throws Exception {
        // 700 s (past MAX_CLIP_SECONDS) at 8 kHz: whole, it is 22 MB of samples; in blocks, one window and buffers
        Path wav = dir.resolve("archive.wav");
        run("sox", "-V1", "-R", "-n", "-r", "8000", "-c", "1", "-b", "16", wav.toString(), "synth", "700", "sine",
                "300-3000");
        Path excerpt = dir.resolve("excerpt.wav"); // window 1234 (1 s every 0.5 s) cut by sox: 617 s to 618 s
        run("sox", "-V1", wav.toString(), excerpt.toString(), "trim", "4936000s", "8000s");
        float[] expected = ClipAudio.read(excerpt, 8000);
        long before = allocatedBytes();
        int[] windows = new int[1];
        long samples = ClipAudio.forEachWindow(wav, 8000, 8000, 4000, (w, i) -> {
            windows[0]++;
            if (i == 1234) {
                assertThat(java.util.Arrays.mismatch(w, expected)).as("window 1234 against sox's cut").isEqualTo(-1);
            }
        });
        long allocated = allocatedBytes() - before;
        assertThat(samples).isEqualTo(700 * 8000);
        assertThat(windows[0]).isEqualTo(1399); // starts 0, 4000, ..., 5592000
        assertThat(allocated).as("bytes allocated").isLessThan(4L << 20);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static void sox(String out, String seconds) throws Exception {
        Process p = new ProcessBuilder("sox", "-V1", "-R", "-n", "-r", "8000", "-c", "1", "-b", "16", out, "synth",
                seconds, "sine", "440").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
