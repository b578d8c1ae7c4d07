package dev.audioml.features;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.features.cqt.ConstantQ;
import java.util.Arrays;
import java.util.Map;

/**
 * A feature computed exactly as librosa (or torchaudio's Kaldi fbank) computes it, built from a feature spec with
 * librosa's names. One object serves three uses: {@link #compute} for a whole clip, {@link #streaming()} for hop-by-hop
 * frames, and {@link #extract} as the pipeline's {@link FeatureExtractor} (window in, {@code [frames, bins]} out).
 * All three run the same stages, so they give the same numbers.
 *
 * <p>Not thread-safe: confine to one pipeline thread ({@link #compute} and {@link #extract} share buffers);
 * {@link #streaming()} objects are independent of each other.
 *
 * @since 0.1
 */
public final class FeaturePipeline implements FeatureExtractor {
    /** librosa's default rate ({@code sr=22050}) when a spec gives none. */
    public static final int LIBROSA_DEFAULT_RATE_HZ = 22_050;
    /** torchaudio's Kaldi default ({@code sample_frequency=16000}) when a kaldi_fbank spec gives none. */
    public static final int KALDI_DEFAULT_RATE_HZ = 16_000;

    private final FeaturePlan plan;
    private final Chain chain;
    private int windowSamples = -1;
    private float[] windowOut;
    private double[] windowCollect;

    private FeaturePipeline(FeaturePlan plan) {
        this.plan = plan;
        this.chain = plan.newChain();
    }

    /**
     * Builds a pipeline from a spec such as
     * {@code {"feature": "melspectrogram", "sr": 16000, "n_fft": 512, "hop_length": 160, "n_mels": 64}}.
     * Without {@code sr} the rate is librosa's default 22050 Hz (16000 Hz for {@code kaldi_fbank}); {@code "sr": null}
     * (the audio's own rate) is resolved the same way here, where no audio is known: use
     * {@link #fromSpec(Map, int)} with the audio's rate.
     *
     * @param spec the spec, as parsed from JSON
     * @return a new pipeline
     * @throws IllegalArgumentException naming the key and value for an unknown key or an impossible value
     */
    public static FeaturePipeline fromSpec(Map<String, ?> spec) {
        int rate = defaultRate(spec);
        return new FeaturePipeline(new FeaturePlan(spec, rate, rate));
    }

    /**
     * Builds a pipeline for audio at {@code nativeRateHz}, as {@code librosa.load(path, sr=...)} would read it: without
     * an {@code sr} key the rate is librosa's default 22050 Hz (kaldi_fbank: {@code nativeRateHz}, as torchaudio
     * computes fbank on the waveform it is given); {@code "sr": null} means {@code nativeRateHz}
     * ({@code librosa.load(path, sr=None)}).
     *
     * @param spec the spec
     * @param nativeRateHz the rate of the audio the features will be computed from, in Hz
     * @return a new pipeline
     * @since 0.1 (0.2: no {@code sr} means 22050 Hz, as librosa.load, no longer the audio's rate)
     */
    public static FeaturePipeline fromSpec(Map<String, ?> spec, int nativeRateHz) {
        if (nativeRateHz < 1) {
            throw new IllegalArgumentException("nativeRateHz must be >= 1, got " + nativeRateHz);
        }
        boolean kaldi = "kaldi_fbank".equals(spec.get("feature"));
        return new FeaturePipeline(new FeaturePlan(spec, kaldi ? nativeRateHz : LIBROSA_DEFAULT_RATE_HZ,
                nativeRateHz));
    }

    private static int defaultRate(Map<String, ?> spec) {
        return "kaldi_fbank".equals(spec.get("feature")) ? KALDI_DEFAULT_RATE_HZ : LIBROSA_DEFAULT_RATE_HZ;
    }

    /**
     * @return the spec's {@code librosa.load} options ({@code res_type}, {@code offset}, {@code duration};
     *     {@code mono} must be true)
     * @since 0.2
     */
    public LoadOptions loadOptions() {
        return plan.load;
    }

    /** @return the spec's {@code feature} name */
    public String feature() {
        return plan.feature;
    }

    @Override
    public int sampleRateHz() {
        return plan.sampleRateHz;
    }

    /** @return whether the spec itself fixed the rate ({@code sr}) */
    public boolean hasSpecRate() {
        return plan.hasRate;
    }

    /** @return values per frame */
    public int bins() {
        return plan.bins();
    }

    /**
     * @param clipSamples clip length in samples
     * @return the number of frames {@link #compute} gives for it
     */
    public int frameCount(long clipSamples) {
        return (int) frames(clipSamples);
    }

    private long frames(long clipSamples) {
        ConstantQ cq = plan.constantQ();
        return cq != null ? (clipSamples < 1 ? 0 : cq.frameCount(clipSamples)) : chain.framer.frameCount(clipSamples);
    }

    /**
     * @return whether hop-by-hop streaming is possible: not with stages that need the whole matrix
     *     ({@code to_db} with {@code ref="max"} or a {@code top_db}, {@code subtract_mean})
     */
    public boolean isStreamable() {
        return !plan.needsMatrix();
    }

    /**
     * Creates an independent streaming state for one stream.
     *
     * @return a new streaming computation
     * @throws IllegalStateException if the spec has a stage that needs the whole matrix (see {@link #isStreamable()})
     */
    public StreamingFeatures streaming() {
        if (plan.needsMatrix()) {
            throw new IllegalStateException(plan.feature + " spec cannot stream hop by hop: " + plan.matrixReason()
                    + "; use ref as a number and \"top_db\": null, or compute whole windows");
        }
        return new StreamingFeatures(plan.newChain(), plan.sampleRateHz);
    }

    /**
     * @return passes over a stream that {@link #streamingInPasses()} takes (1 for specs that stream hop by hop, 2 or 3
     *     with {@code to_db}'s {@code ref="max"}/{@code top_db}, spectral_contrast's dB and {@code subtract_mean}, 4
     *     for chroma_stft's tuning estimate), or 0 when a stage needs the whole clip at once (constant-Q features,
     *     onset_detect)
     * @since 0.3
     */
    public int streamingPasses() {
        return plan.streamingPasses();
    }

    /**
     * Creates an independent streaming state that computes the whole-matrix stages of librosa ({@code to_db} with
     * {@code ref="max"} or a {@code top_db}, spectral_contrast's dB, chroma_stft's tuning estimate, Kaldi's
     * {@code subtract_mean}) in {@link StreamingFeatures#passes()}
     * passes over the stream: memory independent of its length, frames equal to {@link #compute} bit for bit.
     *
     * @return a new streaming computation
     * @throws IllegalStateException if a stage needs the whole clip at once ({@link #streamingPasses()} is 0)
     * @since 0.3
     */
    public StreamingFeatures streamingInPasses() {
        if (plan.streamingPasses() == 0) {
            throw new IllegalStateException(plan.feature + " spec cannot stream: " + plan.matrixReason());
        }
        return new StreamingFeatures(plan.newChain(), plan.sampleRateHz);
    }

    /**
     * Computes the features of a whole clip ({@code librosa.feature.*(y=clip, ...)}, transposed).
     *
     * @param clip mono samples at {@link #sampleRateHz()}; read-only
     * @return a new matrix
     * @throws IllegalArgumentException if the clip gives no frame, or fewer than a delta's width
     */
    public FeatureMatrix compute(float[] clip) {
        int frames = checkedFrames(clip.length);
        float[] out = new float[frames * bins()];
        double[] collect = plan.needsMatrix() ? new double[frames * chain.preMatrixBins()] : null;
        run(clip, clip.length, out, collect);
        return new FeatureMatrix(frames, bins(), out);
    }

    /**
     * Computes the features of a clip recorded at another rate, as {@code librosa.resample(clip, orig_sr=clipRateHz,
     * target_sr=sr, res_type=res_type)} followed by the feature would: the spec's {@code res_type} (default
     * {@code soxr_hq}, computed by {@link dev.audioml.core.resample.SoxrResampler}, a port of libsoxr) picks the
     * resampler.
     *
     * @param clip mono samples; read-only
     * @param clipRateHz the clip's rate in Hz
     * @return a new matrix
     */
    public FeatureMatrix compute(float[] clip, int clipRateHz) {
        if (clipRateHz < 1) {
            throw new IllegalArgumentException("clipRateHz must be >= 1, got " + clipRateHz);
        }
        return compute(plan.load.resample(clip, clipRateHz, plan.sampleRateHz));
    }

    /**
     * Computes the features of decoded audio as {@code librosa.load(path, sr=sr, mono=True, offset=offset,
     * duration=duration, res_type=res_type)} followed by the feature would: the spec's {@code offset} and
     * {@code duration} select the samples, then {@link #compute(float[], int)} resamples.
     *
     * @param decoded the whole decoded file, channels averaged (librosa's {@code to_mono}); read-only
     * @param fileRateHz its rate in Hz
     * @return a new matrix
     * @since 0.2
     */
    public FeatureMatrix computeLoaded(float[] decoded, int fileRateHz) {
        if (fileRateHz < 1) {
            throw new IllegalArgumentException("fileRateHz must be >= 1, got " + fileRateHz);
        }
        return compute(plan.load.trim(decoded, fileRateHz), fileRateHz);
    }

    @Override
    public int[] outputShape(int windowSamples) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples must be >= 1, got " + windowSamples);
        }
        return new int[] {checkedFrames(windowSamples), bins()};
    }

    @Override
    public void extract(AudioBlock window, FeatureFrame out) {
        if (window.sampleRateHz() != plan.sampleRateHz) {
            throw new IllegalArgumentException("window rate must be " + plan.sampleRateHz + " Hz, got "
                    + window.sampleRateHz() + " Hz");
        }
        int n = window.length();
        if (n != windowSamples) {
            int frames = checkedFrames(n);
            windowSamples = n;
            windowOut = new float[frames * bins()];
            windowCollect = plan.needsMatrix() ? new double[frames * chain.preMatrixBins()] : null;
        }
        if (out.data().length != windowOut.length) {
            throw new IllegalArgumentException("frame holds " + out.data().length + " values, the window gives "
                    + Arrays.toString(outputShape(n)));
        }
        run(window.samples(), n, out.data(), windowCollect);
    }

    private void run(float[] samples, int length, float[] out, double[] collect) {
        chain.reset();
        int frames = frameCount(length);
        ConstantQ cq = plan.constantQ();
        if (cq != null) {
            // constant-Q features: the whole-clip transform gives the rows the frame feature would
            float[] clip = length == samples.length ? samples : Arrays.copyOf(samples, length);
            double[] rows = cq.compute(clip);
            double[] row = new double[cq.bins()];
            chain.collect(collect);
            for (int f = 0; f < frames; f++) {
                System.arraycopy(rows, f * row.length, row, 0, row.length);
                chain.acceptRow(row);
            }
            chain.target(out, 0);
            chain.finishMatrix(frames);
        } else if (collect != null) {
            chain.collect(collect);
            chain.push(samples, 0, length);
            chain.flushFrames();
            chain.target(out, 0);
            chain.finishMatrix(frames);
        } else {
            chain.target(out, 0);
            chain.push(samples, 0, length);
            chain.flushFrames();
        }
        chain.flushDeltas();
        chain.finishOutput(out, 0, frames);
        chain.reset();
    }

    private int checkedFrames(long samples) {
        long frames = frames(samples);
        if (frames < 1) {
            throw new IllegalArgumentException(plan.feature + ": " + samples + " samples give no frame (frame length "
                    + chain.framer.frameLength() + ", hop " + chain.framer.hop() + ")");
        }
        if (chain.hasDeltas() && frames < 2L * chain.deltaDelayFrames() + 1) {
            throw new IllegalArgumentException(plan.feature + ": delta width " + (2 * chain.deltaDelayFrames() + 1)
                    + " needs at least that many frames, " + samples + " samples give " + frames);
        }
        return (int) frames;
    }
}
