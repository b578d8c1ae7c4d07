package dev.audioml.features.workshop;

import dev.audioml.core.resample.Resampler;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.image.Colormap;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The workshop's file path, {@code GenerateSpectrums} in FAR-Lab RealtimeAudioClassification's
 * {@code helperFunctions.py}: {@code librosa.load(mono=True)} (22050 Hz) → {@code librosa.resample} to
 * {@code SAMPLE_RATE} → {@code melspectrogram} → {@code power_to_db(ref=np.max)} → float32 min-max to [0, 1] →
 * {@code np.uint8(cm.gist_earth(x) * 255)[:, :, :3]} → tiles of {@code RESOLUTION} columns, left to right, the
 * remainder dropped. Mel band 0 is the <b>top</b> row: the workshop's arrays are not flipped (unlike
 * {@link dev.audioml.features.image.SpectrogramImage}, which draws as {@code imsave(origin="lower")}).
 *
 * <p>{@link #tensor} is the model input of {@code RunningCode.py}: {@code ToTensor()} then
 * {@code Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))}, {@code [3, N_MELS, RESOLUTION]} in [-1, 1].
 *
 * <p>Not thread-safe: confine to one thread (the mel pipeline shares buffers).
 *
 * @since 0.1
 */
public final class WorkshopImages {
    /** {@code librosa.load}'s default rate, which the workshop's files pass through before {@code SAMPLE_RATE}. */
    public static final int LIBROSA_LOAD_RATE_HZ = FeaturePipeline.LIBROSA_DEFAULT_RATE_HZ;

    private final WorkshopSettings settings;
    private final FeaturePipeline mel;

    /**
     * @param settings the workshop settings; the mel pipeline is built once (its empty-filter warning, e.g. for the
     *     shipped FMAX above Nyquist, is logged once here)
     */
    public WorkshopImages(WorkshopSettings settings) {
        this.settings = settings;
        this.mel = FeaturePipeline.fromSpec(settings.melSpec());
    }

    /** @return the settings */
    public WorkshopSettings settings() {
        return settings;
    }

    /** @return the mel pipeline ({@code power_to_db(melspectrogram(...), ref=np.max)}), {@code [frames, N_MELS]} */
    FeaturePipeline mel() {
        return mel;
    }

    /**
     * The whole image of a clip already at {@code SAMPLE_RATE}.
     *
     * @param clip mono samples at {@link WorkshopSettings#sampleRateHz()}; read-only
     * @return a new RGB image, {@code N_MELS} rows (band 0 on top) by one column per frame
     */
    public BufferedImage image(float[] clip) {
        FeatureMatrix db = mel.compute(clip);
        normalise(db.data(), db.data().length);
        BufferedImage image = new BufferedImage(db.frames(), db.bins(), BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < db.frames(); f++) {
            for (int b = 0; b < db.bins(); b++) {
                image.setRGB(f, b, Colormap.GIST_EARTH.rgb(db.get(f, b)));
            }
        }
        return image;
    }

    /**
     * {@code GenerateSpectrums(file)}: the tiles of a decoded file.
     *
     * @param clip mono samples at {@code clipRateHz}; read-only
     * @param clipRateHz the file's rate in Hz; the clip is resampled to 22050 Hz ({@code librosa.load}), then to
     *     {@code SAMPLE_RATE} ({@code librosa.resample}), with the core resampler
     * @return new tiles of {@code RESOLUTION} columns by {@code N_MELS} rows, left to right (none for a clip shorter
     *     than one tile)
     */
    public List<BufferedImage> tiles(float[] clip, int clipRateHz) {
        float[] loaded = clipRateHz == LIBROSA_LOAD_RATE_HZ ? clip
                : Resampler.resample(clip, clipRateHz, LIBROSA_LOAD_RATE_HZ);
        float[] atRate = settings.sampleRateHz() == LIBROSA_LOAD_RATE_HZ ? loaded
                : Resampler.resample(loaded, LIBROSA_LOAD_RATE_HZ, settings.sampleRateHz());
        BufferedImage image = image(atRate);
        int r = settings.resolution();
        List<BufferedImage> out = new ArrayList<>();
        for (int x0 = 0; x0 + r <= image.getWidth(); x0 += r) {
            out.add(image.getSubimage(x0, 0, r, image.getHeight()));
        }
        return out;
    }

    /**
     * {@code Normalize(0.5, 0.5)(ToTensor()(tile))}.
     *
     * @param tile an RGB tile
     * @return a new {@code [3, height, width]} tensor, channel-major, values {@code (v / 255 - 0.5) / 0.5}
     */
    public static float[] tensor(BufferedImage tile) {
        int h = tile.getHeight();
        int w = tile.getWidth();
        float[] out = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                writePixel(tile.getRGB(x, y), out, y * w + x, h * w);
            }
        }
        return out;
    }

    /**
     * Writes one pixel's three normalised channels ({@code ToTensor} divides by 255 in float32, {@code Normalize}
     * subtracts 0.5 and divides by 0.5).
     */
    static void writePixel(int rgb, float[] out, int offset, int plane) {
        out[offset] = channel(rgb >> 16);
        out[offset + plane] = channel(rgb >> 8);
        out[offset + 2 * plane] = channel(rgb);
    }

    private static float channel(int value) {
        return ((value & 0xFF) / 255f - 0.5f) / 0.5f;
    }

    /**
     * {@code x -= x.min(); x /= x.max()} in float32, in place (an all-equal input gives NaN, drawn black, as numpy
     * and matplotlib do).
     */
    static void normalise(float[] values, int length) {
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            min = Math.min(min, values[i]);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            values[i] -= min;
            max = Math.max(max, values[i]);
        }
        for (int i = 0; i < length; i++) {
            values[i] /= max;
        }
    }
}
