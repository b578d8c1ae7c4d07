package dev.audioml.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders every figure as PNG and SVG (into target/figures, where a person can look at them) and checks what a reader
 * relies on: the size, the axis labels and tick labels as SVG text, the colour bar's dB values, the title.
 */
class FiguresTest {
    private static final Path OUT = Path.of("target", "figures");
    private static final int RATE_HZ = 22_050;
    private static FeatureMatrix logMel;

    @BeforeAll
    static void logMelOfAChirp() throws Exception {
        Files.createDirectories(OUT);
        // 2 s exponential chirp 100 Hz -> 8 kHz plus a steady 440 Hz tone, librosa's default mel spectrogram in dB
        float[] y = new float[2 * RATE_HZ];
        double phase = 0;
        for (int i = 0; i < y.length; i++) {
            double t = (double) i / RATE_HZ;
            double f = 100 * Math.pow(80, t / 2);
            phase += 2 * Math.PI * f / RATE_HZ;
            y[i] = (float) (0.5 * Math.sin(phase) + 0.1 * Math.sin(2 * Math.PI * 440 * t));
        }
        logMel = FeaturePipeline.fromSpec(Map.of("feature", "melspectrogram", "to_db", Map.of("ref", "max")))
                .compute(y);
    }

    private static String svgText(Path svg) throws Exception {
        return Files.readString(svg);
    }

    private static List<String> texts(String svg) {
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void spectrogramHasTimeHzAxesAndADbColourBar() throws Exception {
        Figure figure = SpectrogramFigure.builder(logMel)
                .frameSeconds(512.0 / RATE_HZ)
                .frequencyAxis(FrequencyAxis.mel(128, 0, RATE_HZ / 2.0, false))
                .title("chirp.wav: mel spectrogram")
                .build();
        Path png = figure.write(OUT.resolve("spectrogram-mel.png"));
        Path svg = figure.write(OUT.resolve("spectrogram-mel.svg"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(SpectrogramFigure.DEFAULT_WIDTH_PX);
        assertThat(image.getHeight()).isEqualTo(SpectrogramFigure.DEFAULT_HEIGHT_PX);
        List<String> text = texts(svgText(svg));
        assertThat(text).contains("Time (s)", "Hz", "chirp.wav: mel spectrogram");
        // librosa's ref=max dB: the peak is +0 dB and top_db=80 puts the floor at -80 dB; the bar reads "%+2.0f dB"
        assertThat(text).contains("+0 dB", "-80 dB", "-40 dB").doesNotContain("-75 dB", "16");
        // the mel axis is labelled at powers of two as specshow's base-2 locator does, and time in round seconds
        assertThat(text).contains("0", "512", "1024", "2048", "4096", "8192", "0.5", "1.0", "1.5");
        assertThat(text).doesNotContain("3000");
    }

    @Test
    void linearFrequencyAxisHasRoundHzTicksAndTheBarFollowsTheGivenRange() throws Exception {
        int bins = 1 + 1024 / 2;
        float[] data = new float[10 * bins];
        for (int i = 0; i < data.length; i++) {
            data[i] = -(i % bins) * 0.1f;
        }
        Figure figure = SpectrogramFigure.builder(new FeatureMatrix(10, bins, data))
                .frameSeconds(0.01)
                .frequencyAxis(FrequencyAxis.linear(16_000, 1024))
                .range(-60, 0)
                .title("linear")
                .build();
        List<String> text = texts(svgText(figure.write(OUT.resolve("spectrogram-linear.svg"))));
        assertThat(text).contains("0", "2000", "4000", "6000", "8000", "-60 dB", "+0 dB", "-30 dB", "-10 dB");
        assertThat(text).doesNotContain("-5 dB");
        assertThat(text).doesNotContain("-80 dB");
    }

    @Test
    void confusionShowsLabelsCountsAndAColourScale() throws Exception {
        List<String> labels = List.of("clap", "knock", "whistle");
        int[][] counts = {{9, 1, 0}, {2, 7, 1}, {0, 0, 12}};
        Figure figure = ConfusionFigure.of(labels, counts, "Test set confusion", "accuracy 0.875");
        BufferedImage image = ImageIO.read(figure.write(OUT.resolve("confusion.png")).toFile());
        assertThat(image.getWidth()).isEqualTo(figure.widthPx());
        List<String> text = texts(svgText(figure.write(OUT.resolve("confusion.svg"))));
        assertThat(text).contains("clap", "knock", "whistle", "Predicted label", "True label", "9", "7", "12",
                "accuracy 0.875", "0.0", "1.0");
        // the full-recall cell (whistle, 12 of 12) is the darkest blue, an empty row share white-ish
        assertThat(text).contains("share of the true class (recall)");
    }

    @Test
    void curvesHaveRoundTicksAndWholeEpochs() throws Exception {
        int n = 41;
        double[] loss = new double[n];
        double[] vloss = new double[n];
        double[] acc = new double[n];
        double[] vacc = new double[n];
        for (int i = 0; i < n; i++) {
            loss[i] = 0.732 * Math.exp(-i / 8.0) + 0.05;
            vloss[i] = 0.75 * Math.exp(-i / 10.0) + 0.09;
            acc[i] = 1 - loss[i] / 1.2;
            vacc[i] = 1 - vloss[i] / 1.2;
        }
        Figure figure = CurvesFigure.of(loss, vloss, acc, vacc, 30, "loss and accuracy");
        figure.write(OUT.resolve("loss.png"));
        List<String> text = texts(svgText(figure.write(OUT.resolve("loss.svg"))));
        assertThat(text).contains("epoch", "train", "validation", "kept: 30", "0", "10", "20", "30", "40");
        // the tick labels are 1-2-5 round numbers, not fractions of the maximum such as 0.183/0.366
        for (String t : text) {
            if (t.matches("-?\\d+\\.\\d+")) {
                assertThat(t).as("tick label").matches("-?\\d+\\.\\d?[05]?0*");
            }
        }
        assertThat(text).doesNotContain("41", "0.183");
    }

    @Test
    void detCurveMarksTargetAndChoice() throws Exception {
        Figure figure = DetFigure.builder()
                .title("DET: hey_jarvis")
                .curve("patience 1", new double[] {4, 2, 1, 0.5, 0}, new double[] {0.0, 0.05, 0.1, 0.2, 0.5})
                .curve("patience 2", new double[] {2, 1, 0.4, 0.1, 0}, new double[] {0.05, 0.1, 0.15, 0.3, 0.6})
                .target(0.5)
                .chosen(0.4, 0.15, "0.62 / 2")
                .build();
        figure.write(OUT.resolve("det.png"));
        List<String> text = texts(svgText(figure.write(OUT.resolve("det.svg"))));
        assertThat(text).contains("DET: hey_jarvis", "false accepts per hour", "false-reject rate", "patience 1",
                "patience 2", "target 0.50/h", "chosen (ringed): 0.62 / 2, 0.40 false accepts per hour, false-reject rate 0.15");
    }

    @Test
    void badShapesAreRejectedWithTheNumbers() {
        assertThatThrownBy(() -> SpectrogramFigure.builder(logMel)
                .frequencyAxis(FrequencyAxis.mel(64, 0, 8000, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 rows").hasMessageContaining("128 bins");
        assertThatThrownBy(() -> ConfusionFigure.of(List.of("a", "b"), new int[][] {{1, 2}}, "t", null))
                .hasMessageContaining("2 labels, 1 rows");
        assertThatThrownBy(() -> SpectrogramFigure.builder(logMel).frameSeconds(0))
                .hasMessageContaining("frameSeconds must be > 0, got 0.0");
    }
}
