package dev.audioml.features.workshop;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.image.Colormap;

/**
 * The workshop's live path, {@code infere_Class_Type} in FAR-Lab RealtimeAudioClassification's
 * {@code 03_Running/RunningCode.py}: the whole window (the workshop's ring buffer of 44100 samples at
 * {@code SAMPLE_RATE}) becomes an image as in {@link WorkshopImages} (min-max over the whole window), and its
 * <b>last</b> {@code RESOLUTION} columns ({@code im[:, -224:, :]}) become the model input, {@code ToTensor} +
 * {@code Normalize(0.5, 0.5)}: shape {@code [3, N_MELS, RESOLUTION]}, channel-major, values in [-1, 1]
 * (ONNX models declaring {@code [1, 3, H, W]} take it as is).
 *
 * <p>Not thread-safe: confine to one pipeline thread. Allocates nothing after the first window of a given length.
 *
 * @since 0.1
 */
public final class WorkshopImageExtractor implements FeatureExtractor {
    private final WorkshopSettings settings;
    private final FeaturePipeline mel;
    private FeatureFrame db;

    /** @param settings the workshop settings */
    public WorkshopImageExtractor(WorkshopSettings settings) {
        this.settings = settings;
        this.mel = new WorkshopImages(settings).mel();
    }

    /** @return the settings */
    public WorkshopSettings settings() {
        return settings;
    }

    @Override
    public int sampleRateHz() {
        return settings.sampleRateHz();
    }

    /** @return {@code [3, N_MELS, RESOLUTION]} */
    @Override
    public int[] outputShape(int windowSamples) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples must be >= 1, got " + windowSamples);
        }
        int frames = mel.frameCount(windowSamples);
        if (frames < settings.resolution()) {
            throw new IllegalArgumentException(WorkshopSettings.FEATURE + ": a window of " + windowSamples
                    + " samples gives " + frames + " columns, fewer than RESOLUTION " + settings.resolution()
                    + " (the workshop uses " + WorkshopSettings.WORKSHOP_RING_SAMPLES + " samples)");
        }
        return new int[] {3, settings.melBands(), settings.resolution()};
    }

    @Override
    public void extract(AudioBlock window, FeatureFrame out) {
        int n = window.length();
        int frames = mel.frameCount(n);
        if (db == null || db.data().length != frames * settings.melBands()) {
            outputShape(n);
            db = new FeatureFrame(frames, settings.melBands());
        }
        float[] data = out.data();
        int bins = settings.melBands();
        int r = settings.resolution();
        if (data.length != 3 * bins * r) {
            throw new IllegalArgumentException("frame holds " + data.length + " values, expected [3, " + bins + ", "
                    + r + "]");
        }
        mel.extract(window, db);
        float[] v = db.data();
        WorkshopImages.normalise(v, frames * bins);
        int plane = bins * r;
        int first = frames - r;
        for (int x = 0; x < r; x++) {
            int row = (first + x) * bins;
            for (int y = 0; y < bins; y++) {
                WorkshopImages.writePixel(Colormap.GIST_EARTH.rgb(v[row + y]), data, y * r + x, plane);
            }
        }
    }
}
