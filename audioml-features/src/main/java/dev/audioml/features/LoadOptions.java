package dev.audioml.features;

import dev.audioml.core.resample.PolyphaseResampler;
import dev.audioml.core.resample.Resampler;
import dev.audioml.core.resample.SoxrQuality;
import dev.audioml.features.internal.SpecReader;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code librosa.load} part of a feature spec: {@code "res_type"}, {@code "mono"}, {@code "offset"} and
 * {@code "duration"}, applied to decoded audio as {@code librosa.load(path, sr=..., mono=..., offset=..., duration=...,
 * res_type=...)} does (librosa 0.11 {@code core/audio.py}: {@code __soundfile_load} seeks {@code int(offset * sr_native)}
 * frames and reads {@code int(duration * sr_native)}; {@code to_mono} averages the channels; {@code resample} converts
 * to {@code sr} with {@code res_type}). The spec's {@code "sr"} (absent: 22050 Hz; {@code null}: the file's rate) is
 * read by {@link FeaturePipeline}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param resType librosa's {@code res_type}: one of {@link #RES_TYPES}
 * @param offsetSeconds where to start reading, in seconds (librosa's {@code offset}, default 0)
 * @param durationSeconds how much to read, in seconds, or {@code null} for all (librosa's {@code duration})
 * @since 0.2
 */
public record LoadOptions(String resType, double offsetSeconds, Double durationSeconds) {
    /** librosa's default {@code res_type}. */
    public static final String DEFAULT_RES_TYPE = "soxr_hq";
    /** The {@code res_type} names AudioML computes (librosa's names). */
    public static final List<String> RES_TYPES = List.of("soxr_vhq", "soxr_hq", "soxr_mq", "soxr_lq", "soxr_qq",
            "polyphase", "fft", "scipy");
    /**
     * librosa {@code res_type} names that need other Python packages (resampy's {@code kaiser_*} filters,
     * libsamplerate's converters) and are refused with an error that lists {@link #RES_TYPES}.
     */
    public static final List<String> UNSUPPORTED_RES_TYPES = List.of("kaiser_best", "kaiser_fast", "linear",
            "zero_order_hold", "sinc_best", "sinc_medium", "sinc_fastest");
    /** librosa's defaults. */
    public static final LoadOptions DEFAULT = new LoadOptions(DEFAULT_RES_TYPE, 0, null);

    /** Validates. */
    public LoadOptions {
        if (!RES_TYPES.contains(resType)) {
            throw new IllegalArgumentException("res_type must be one of " + RES_TYPES + ", got " + resType);
        }
        if (!(offsetSeconds >= 0) || Double.isInfinite(offsetSeconds)) {
            throw new IllegalArgumentException("offset must be a number of seconds >= 0, got " + offsetSeconds);
        }
        if (durationSeconds != null && (!(durationSeconds >= 0) || durationSeconds.isInfinite())) {
            throw new IllegalArgumentException("duration must be a number of seconds >= 0 or null, got "
                    + durationSeconds);
        }
    }

    /** Reads the keys from a spec (marking them known); errors name the key. */
    static LoadOptions read(SpecReader r) {
        String resType = DEFAULT_RES_TYPE;
        if (r.present("res_type")) {
            Object v = r.get("res_type");
            if (!(v instanceof String s) || !RES_TYPES.contains(s)) {
                String why = v instanceof String s && UNSUPPORTED_RES_TYPES.contains(s)
                        ? " (librosa computes \"" + s + "\" with resampy or libsamplerate, which AudioML does not port)"
                        : "";
                throw r.bad("res_type", v, "one of " + RES_TYPES + why);
            }
            resType = s;
        }
        if (r.present("mono")) {
            Object v = r.get("mono");
            if (!Boolean.TRUE.equals(v)) {
                throw r.bad("mono", v, "true (features are computed on the channel average, librosa.load's mono=True; "
                        + "mono=False would keep the channels apart, which AudioML's one-channel blocks cannot)");
            }
        }
        double offset = r.number("offset", 0.0);
        if (!(offset >= 0) || Double.isInfinite(offset)) {
            throw r.bad("offset", offset, "a number of seconds >= 0");
        }
        Double duration = r.optionalNumber("duration");
        if (duration != null && (!(duration >= 0) || duration.isInfinite())) {
            throw r.bad("duration", duration, "a number of seconds >= 0, or null");
        }
        return new LoadOptions(resType, offset, duration);
    }

    /**
     * librosa.load's {@code offset} and {@code duration}: frames {@code [int(offset * rate), + int(duration * rate))}
     * of the decoded audio, clipped to its length.
     *
     * @param samples decoded mono samples at {@code nativeRateHz}; read-only
     * @param nativeRateHz their rate in Hz
     * @return the selected samples ({@code samples} itself when everything is selected)
     */
    public float[] trim(float[] samples, int nativeRateHz) {
        long start = offsetSeconds > 0 ? (long) (offsetSeconds * nativeRateHz) : 0;
        long length = durationSeconds == null ? Long.MAX_VALUE : (long) (durationSeconds * nativeRateHz);
        int from = (int) Math.min(start, samples.length);
        int to = (int) Math.min(samples.length, from + Math.min(length, samples.length));
        return from == 0 && to == samples.length ? samples : Arrays.copyOfRange(samples, from, to);
    }

    /**
     * {@code librosa.resample(y, orig_sr=fromHz, target_sr=toHz, res_type=resType)}.
     *
     * @param samples mono samples; read-only
     * @param fromHz their rate in Hz
     * @param toHz the wanted rate in Hz
     * @return the resampled clip ({@code samples} itself at equal rates, as librosa returns {@code y})
     */
    public float[] resample(float[] samples, int fromHz, int toHz) {
        if (fromHz == toHz) {
            return samples;
        }
        SoxrQuality q = SoxrQuality.fromResType(resType);
        if (q != null) {
            return Resampler.resample(samples, fromHz, toHz, q);
        }
        if (resType.equals("polyphase")) {
            return PolyphaseResampler.resample(samples, fromHz, toHz);
        }
        return FourierResampler.resample(samples, fromHz, toHz);
    }
}
