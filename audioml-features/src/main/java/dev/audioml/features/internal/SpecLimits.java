package dev.audioml.features.internal;

/**
 * Upper bounds on feature spec values, so that a spec (from a user, a model's metadata or a sidecar) can never size
 * memory beyond a few hundred MB: a spec past one is a usage error naming the key, never an out-of-memory error.
 * librosa itself has no such bounds; these lie far above any published recipe.
 *
 * <p>Immutable and thread-safe (constants only).
 *
 * @since 0.1
 */
public final class SpecLimits {
    /** Largest {@code sr} / {@code sample_frequency}, in Hz (above 768 kHz, the highest common interface rate). */
    public static final int MAX_SAMPLE_RATE_HZ = 1_000_000;
    /** Largest {@code n_fft}, {@code win_length} and {@code frame_length}, in samples (2^16). */
    public static final int MAX_FFT_SAMPLES = 1 << 16;
    /** Largest {@code hop_length} (and Kaldi frame shift), in samples (2^20, about 22 s at 48 kHz). */
    public static final int MAX_HOP_SAMPLES = 1 << 20;
    /** Largest {@code n_mels} / {@code num_mel_bins}. */
    public static final int MAX_MEL_BANDS = 4096;
    /** Largest {@code n_mels x (n_fft / 2 + 1)}: the dense mel basis built once, 8 bytes each (128 MiB). */
    public static final long MAX_MEL_BASIS_VALUES = 1L << 24;
    /** Largest delta {@code width}, in frames. */
    public static final int MAX_DELTA_WIDTH = 1001;

    private SpecLimits() {
    }
}
