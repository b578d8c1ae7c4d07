package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.Source;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streamed calibration audio: placements, block-size independence, bounded memory and repeatable synthesis. */
class CalibrationAudioTest {
    private static final int RATE = 16_000;

    private static float[] readAll(Source s, int block) throws IOException {
        float[] all = new float[0];
        float[] buf = new float[block];
        int n = 0;
        for (int r; (r = s.read(buf, 0, block)) >= 0; ) {
            if (n + r > all.length) {
                all = Arrays.copyOf(all, Math.max(2 * all.length, n + r));
            }
            System.arraycopy(buf, 0, all, n, r);
            n += r;
        }
        s.close();
        return Arrays.copyOf(all, n);
    }

    private static CalibrationAudio.Mixer mixer(float[] background, List<float[]> clips) {
        return new CalibrationAudio.Mixer(Sources.fromArray(background, RATE), clips, List.of(10.0, 0.0),
                new SplittableRandom(7), 2.0, 3.0, 3.0, Integer.MAX_VALUE);
    }

    @Test
    void clipsArePlacedAtTheirSnrAndTheRestIsTheBackgroundWhateverTheReadSize() throws IOException {
        float[] background = Signals.noise(RATE * 60, 0.05, 3);
        List<float[]> clips = List.of(Signals.sine(1_000, RATE, RATE / 2, 0.5), Signals.sine(2_000, RATE, RATE, 0.3));
        CalibrationAudio.Mixer m = mixer(background, clips);
        float[] mixed = readAll(m, 4_096);
        List<CalibrationAudio.Positive> placed = m.positives();

        assertThat(mixed).hasSize(background.length);
        assertThat(m.samples()).isEqualTo(background.length);
        assertThat(placed).hasSizeGreaterThan(6);
        assertThat(placed.get(0).startSample()).isEqualTo(2 * RATE);
        boolean[] inClip = new boolean[mixed.length];
        for (int k = 0; k < placed.size(); k++) {
            CalibrationAudio.Positive p = placed.get(k);
            float[] clip = clips.get(k % clips.size());
            assertThat(p.endSample() - p.startSample()).isEqualTo(clip.length);
            assertThat(p.snrDb()).isEqualTo(k / clips.size() % 2 == 0 ? 10.0 : 0.0);
            if (k > 0) {
                long gap = p.startSample() - placed.get(k - 1).endSample();
                assertThat(gap).isBetween(3L * RATE, 6L * RATE);
            }
            float[] added = new float[clip.length];
            for (int i = 0; i < clip.length; i++) {
                added[i] = mixed[(int) p.startSample() + i] - background[(int) p.startSample() + i];
                inClip[(int) p.startSample() + i] = true;
            }
            double snr = 20 * Math.log10(CalibrationAudio.rms(added, 0, added.length)
                    / CalibrationAudio.rms(background, (int) p.startSample(), clip.length));
            assertThat(snr).as("positive %d", k).isCloseTo(p.snrDb(), org.assertj.core.data.Offset.offset(0.01));
        }
        for (int i = 0; i < mixed.length; i++) {
            if (!inClip[i]) {
                assertThat(mixed[i]).isEqualTo(background[i]);
            }
        }
        assertThat(placed.get(placed.size() - 1).endSample()).isLessThanOrEqualTo(background.length);

        for (int block : new int[] {1, 160, 99_991}) {
            assertThat(readAll(mixer(background, clips), block)).as("read %d at a time", block).isEqualTo(mixed);
        }
    }

    @Test
    void hoursOfBackgroundStreamThroughABufferOfOneClipAndOneBlock() throws IOException {
        long total = 4L * 3600 * RATE; // 4 h: 2.3e8 samples, 922 MB as one float array
        // segments from a ring of arrays (one playing, two queued, one being made): the loop below allocates nothing
        float[][] ring = new float[5][10 * RATE];
        Source bg = CalibrationAudio.generated(k -> {
            float[] seg = ring[(int) (k % ring.length)];
            SplittableRandom r = new SplittableRandom(k);
            for (int i = 0; i < seg.length; i++) {
                seg[i] = (float) r.nextDouble(-0.1, 0.1);
            }
            return seg;
        }, total, RATE);
        CalibrationAudio.Mixer m = new CalibrationAudio.Mixer(bg, List.of(Signals.sine(1_000, RATE, RATE, 0.5)),
                List.of(5.0), new SplittableRandom(3), 2.0, 3.0, 3.0, Integer.MAX_VALUE);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        float[] buf = new float[1 << 16];
        long peak = before;
        long reads = 0;
        for (int n; (n = m.read(buf, 0, buf.length)) >= 0; ) {
            if (++reads % 4096 == 0) {
                peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
            }
        }
        m.close();
        assertThat(m.samples()).isEqualTo(total);
        // one placement every 4-7 s of 1 s clips
        assertThat(m.positives().size()).isBetween((int) (total / RATE / 7), (int) (total / RATE / 4));
        // nothing in the loop allocates after the first reads: the heap in use stays where it was
        assertThat(peak - before).as("heap growth while streaming 4 h, bytes").isLessThan(64L << 20);
    }

    @Test
    void theSameSeedSynthesizesTheSameBackgroundAndNoSegmentRepeats() throws IOException {
        float[] a = readAll(SynthesizedBackground.of(0.01, RATE, 11, null), 4_096);
        float[] b = readAll(SynthesizedBackground.of(0.01, RATE, 11, null), 4_096);
        float[] c = readAll(SynthesizedBackground.of(0.01, RATE, 12, null), 4_096);
        assertThat(a).hasSize((int) Math.round(0.01 * 3600 * RATE)).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        // no segment repeats: the 10 s segments of one background all differ
        for (int i = 0; i < 3; i++) {
            float[] first = Arrays.copyOfRange(a, i * 10 * RATE, (i + 1) * 10 * RATE);
            float[] next = Arrays.copyOfRange(a, (i + 1) * 10 * RATE, Math.min(a.length, (i + 2) * 10 * RATE));
            assertThat(Arrays.copyOf(first, next.length)).isNotEqualTo(next);
        }
    }

    @Test
    void everySegmentKindIsAudibleAndSpeechTextsDoNotRepeat() throws IOException {
        // speech, music, speech, noise
        for (long k = 0; k < 4; k++) {
            float[] x = SynthesizedBackground.segment(k, RATE, 5);
            double sum = 0;
            for (float v : x) {
                sum += v * (double) v;
            }
            assertThat(x).hasSize(10 * RATE);
            assertThat(Math.sqrt(sum / x.length)).as("rms of segment %d", k).isGreaterThan(0.005);
        }
        java.util.Set<String> texts = new java.util.HashSet<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 1_000; i++) {
            texts.add(SynthesizedBackground.text(random));
        }
        // a third are three of 27 sentences (19,683 orders), the rest 16-28 of ~730 words: repeats are rare
        assertThat(texts.size()).isGreaterThan(990);
    }
}
