package dev.audioml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.features.workshop.WorkshopSettings;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.testing.ImageCnn;
import dev.audioml.train.testing.SyntheticSounds;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workshop's "cut the head off the CNN, retrain the last layer": an image CNN exported without AudioML metadata
 * ({@link ImageCnn}) takes workshop spectrogram images given on the side; the trained model carries them and runs alone.
 */
class ImageBackboneTest {
    /** Tones against noise through a random image projection: easy, but not trivially perfect. */
    static final double MIN_ACCURACY = 0.8;
    static final int PIXELS = 32;
    static final int UNITS = 24;
    /**
     * Small workshop settings: 32 x 32 tiles at 16 kHz; the ring (the model's window, 0.512 s) gives 33 columns, so a
     * tile covers the start of each 0.4-1 s clip rather than its zero padding.
     */
    static final int RING_SAMPLES = 8192;
    static final WorkshopSettings SETTINGS = new WorkshopSettings(PIXELS, SyntheticSounds.RATE_HZ, 512, PIXELS, 256,
            0, 8000, 2, "reflect", RING_SAMPLES);

    @TempDir
    Path tmp;

    @Test
    void anImageCnnWithoutMetadataTrainsOnWorkshopImages() throws Exception {
        Path cnn = ImageCnn.write(tmp.resolve("cnn.onnx"), PIXELS, PIXELS, UNITS);
        Path sounds = SyntheticSounds.speechNoiseTones(AutoBackboneTest.PER_CLASS);
        Path data = tmp.resolve("data");
        SyntheticSounds.copy(sounds.resolve("noise"), data.resolve("noise"));
        SyntheticSounds.copy(sounds.resolve("tone"), data.resolve("tone"));
        String name = "onnx:" + cnn + "#" + ImageCnn.EMBEDDING;

        assertThatThrownBy(() -> Backbones.open(name, 1.0, null)).hasMessageContaining("audioml.features");

        TrainingResult r = Trainer.builder().data(data).out(tmp.resolve("out")).cacheDir(tmp.resolve("cache"))
                .backbone(name).onnxInput(SETTINGS.toSpec(), SETTINGS.windowSeconds()).seed(5).testFraction(0.3)
                .build().run();
        assertThat(r.trainedHead().inputs()).isEqualTo(UNITS);
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        // the CNN is inside model.onnx, fed by the workshop image spec training was given
        assertThat(r.featureSpec()).isEqualTo(SETTINGS.toSpec());

        try (Backbone backbone = Backbones.open(name, SETTINGS.windowSeconds(), null, SETTINGS.toSpec())) {
            TrainerTest.assertExportEqualsHead(r, backbone, data);
            TrainerTest.assertPipelineRunsTheModelAlone(r, backbone, data);
        }
    }

    @Test
    void anInputSpecNeedsAnOnnxBackbone() {
        assertThatThrownBy(() -> Trainer.builder().data(tmp).out(tmp.resolve("out")).backbone("logmel-stats")
                .onnxInput(Map.of("feature", "workshop_image"), 1.0).build())
                .hasMessageContaining("onnx:PATH[#TENSOR]");
    }
}
