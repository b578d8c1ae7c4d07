package dev.audioml.features;

import dev.audioml.features.chroma.ChromaFilterBank;
import dev.audioml.features.chroma.TuningEstimator;
import dev.audioml.features.cqt.ConstantQ;
import dev.audioml.features.cqt.ConstantQChroma;
import dev.audioml.features.db.Decibels;
import dev.audioml.features.delta.Deltas;
import dev.audioml.features.internal.SpecLimits;
import dev.audioml.features.internal.SpecReader;
import dev.audioml.features.kaldi.KaldiFbank;
import dev.audioml.features.kaldi.KaldiOptions;
import dev.audioml.features.mel.MelFilterBank;
import dev.audioml.features.mfcc.Dct;
import dev.audioml.features.norm.Cmvn;
import dev.audioml.features.onset.OnsetPeakPicker;
import dev.audioml.features.onset.OnsetStrength;
import dev.audioml.features.spectral.SpectralContrast;
import dev.audioml.features.spectral.SpectralDescriptors;
import dev.audioml.features.stft.Spectrum;
import dev.audioml.features.stft.StftFramer;
import dev.audioml.features.window.WindowFunctions;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A validated feature spec: everything needed to build the per-stream stages. Immutable; {@link #newChain()} builds
 * fresh mutable stages for one stream.
 */
final class FeaturePlan {
    /** The features this module builds. */
    static final List<String> FEATURES = List.of("stft", "melspectrogram", "mfcc", "kaldi_fbank", "spectral",
            "spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "spectral_flatness", "zero_crossing_rate",
            "rms", "poly_features", "chroma_stft", "spectral_contrast", "onset_strength", "onset_detect", "cqt",
            "hybrid_cqt", "chroma_cqt", "tonnetz");
    /** Features computed per clip by {@link ConstantQ} (each octave at its own rate). */
    private static final List<String> CONSTANT_Q = List.of("cqt", "hybrid_cqt", "chroma_cqt", "tonnetz");

    private static final System.Logger LOG = System.getLogger(FeaturePlan.class.getName());

    final String feature;
    final int sampleRateHz;
    final boolean hasRate;
    /** The spec said {@code "sr": null}: features at the audio's own rate, as {@code librosa.load(sr=None)}. */
    final boolean nativeRate;
    final LoadOptions load;
    private Supplier<StftFramer> framer;
    private Supplier<FrameFeature> frameFeature;
    private int frameBins;
    /** The whole-clip transform of the constant-Q features, or null. */
    private ConstantQ constantQ;
    private final List<RowOps.Factory> pre = new ArrayList<>();
    /** The stage over the whole matrix (per chain: it may cache), or null. */
    private Supplier<Chain.MatrixStage> matrix;
    private String matrixWhy;
    /** The matrix stage in its streamed form (gathering passes, then row by row), or null when it has none. */
    private Supplier<Chain.PassStage> matrixPass;
    /** Gathering passes of {@link #matrixPass}. */
    private int matrixPasses;
    private Chain.FinalStage finalStage;
    private boolean subtractMean;
    private final List<RowOps.Factory> post = new ArrayList<>();
    private int bins;
    private int deltaWidth;
    private int[] deltaOrders;
    private Cmvn cmvn;

    /**
     * @param spec the spec
     * @param defaultRateHz the rate when the spec has no {@code "sr"} key (librosa's 22050 Hz; 16000 Hz for
     *     kaldi_fbank, or what the caller chose for kaldi_fbank)
     * @param nativeRateHz the rate of the audio, used for {@code "sr": null}
     */
    FeaturePlan(Map<String, ?> spec, int defaultRateHz, int nativeRateHz) {
        Object f = spec.get("feature");
        if (!(f instanceof String name) || !FEATURES.contains(name)) {
            throw new IllegalArgumentException("feature spec: feature must be one of " + FEATURES + ", got "
                    + (f instanceof String ? "\"" + f + "\"" : f));
        }
        this.feature = name;
        SpecReader r = new SpecReader(spec, name + " spec");
        r.allow("feature");
        this.load = LoadOptions.read(r);
        if (name.equals("kaldi_fbank")) {
            boolean srNull = spec.containsKey("sr") && spec.get("sr") == null;
            this.nativeRate = srNull && spec.get("sample_frequency") == null;
            KaldiOptions o = KaldiOptions.read(r, r.has("sr") ? 0 : nativeRate ? nativeRateHz : defaultRateHz);
            if (o.sampleFrequency() != Math.rint(o.sampleFrequency())) {
                throw r.bad("sample_frequency", o.sampleFrequency(), "a whole number of Hz");
            }
            this.sampleRateHz = (int) o.sampleFrequency();
            this.hasRate = spec.get("sr") != null || spec.get("sample_frequency") != null;
            this.framer = () -> StftFramer.kaldi(o.windowSamples(), o.shiftSamples(), o.snipEdges());
            this.frameFeature = () -> new KaldiFbank(o);
            this.frameBins = o.numMelBins() + (o.useEnergy() ? 1 : 0);
            this.subtractMean = o.subtractMean();
            this.bins = frameBins;
        } else {
            // librosa.load: no sr means 22050 Hz, sr=None the file's own rate
            boolean srKey = r.present("sr");
            Double sr = r.optionalNumber("sr");
            if (sr != null && (!(sr >= 1) || sr != Math.rint(sr) || sr > SpecLimits.MAX_SAMPLE_RATE_HZ)) {
                throw r.bad("sr", sr, "a whole number of Hz in [1, " + SpecLimits.MAX_SAMPLE_RATE_HZ
                        + "], or null (the audio's own rate)");
            }
            this.hasRate = sr != null;
            this.nativeRate = srKey && sr == null;
            this.sampleRateHz = sr != null ? sr.intValue() : nativeRate ? nativeRateHz : defaultRateHz;
            if (CONSTANT_Q.contains(name)) {
                addConstantQ(r, name);
            } else {
                boolean frameNames = name.equals("zero_crossing_rate") || name.equals("rms");
                int nFft = r.integer(frameNames ? "frame_length" : "n_fft", 2048);
                if (nFft < 1 || nFft > SpecLimits.MAX_FFT_SAMPLES) {
                    throw r.bad(frameNames ? "frame_length" : "n_fft", nFft, "in [1, " + SpecLimits.MAX_FFT_SAMPLES + "]");
                }
                int winLength = frameNames ? nFft : r.integer("win_length", nFft);
                if (winLength < 1 || winLength > nFft) {
                    throw r.bad("win_length", winLength, "in [1, " + nFft + "] (n_fft)");
                }
                int hop = r.integer("hop_length", name.equals("stft") ? winLength / 4 : 512);
                if (hop < 1 || hop > SpecLimits.MAX_HOP_SAMPLES) {
                    throw r.bad("hop_length", hop, "in [1, " + SpecLimits.MAX_HOP_SAMPLES + "]");
                }
                boolean onset = name.equals("onset_strength") || name.equals("onset_detect");
                // onset_strength's center only shifts the envelope: its melspectrogram always centres the frames
                boolean center = r.bool("center", true);
                boolean frameCenter = onset || center;
                boolean takesPadMode = !name.equals("zero_crossing_rate");
                String padName = takesPadMode ? r.choice("pad_mode", "constant", "constant", "reflect") : "constant";
                if (padName == null) {
                    throw r.bad("pad_mode", null, "\"constant\" or \"reflect\"");
                }
                StftFramer.PadMode pad = padName.equals("reflect") ? StftFramer.PadMode.REFLECT : StftFramer.PadMode.CONSTANT;
                this.framer = () -> StftFramer.librosa(nFft, hop, frameCenter, pad);
                double[] window = frameNames ? WindowFunctions.window(WindowFunctions.Shape.RECTANGULAR, nFft, true)
                        : WindowFunctions.centered(windowShape(r), winLength, nFft, true);
                switch (name) {
                    case "stft":
                    case "melspectrogram":
                    case "mfcc": {
                        double power = r.number("power", name.equals("stft") ? 1.0 : 2.0);
                        if (!(power > 0)) {
                            throw r.bad("power", power, "> 0");
                        }
                        this.frameFeature = () -> spectrumFeature(nFft, window, power);
                        this.frameBins = nFft / 2 + 1;
                        this.bins = frameBins;
                        if (!name.equals("stft")) {
                            addMel(r, name, nFft);
                        }
                        Map<String, ?> db = r.object("to_db");
                        boolean dbPresent = r.present("to_db");
                        if (name.equals("mfcc")) {
                            // librosa.feature.mfcc: power_to_db(melspectrogram(...)) with its defaults (top_db=80)
                            addDb(dbPresent && db != null ? db : Map.of(), false, "to_db");
                            addDct(r);
                        } else if (db != null) {
                            addDb(db, power == 1.0, "to_db");
                        }
                        break;
                    }
                    case "chroma_stft": {
                        this.frameFeature = () -> spectrumFeature(nFft, window, 2.0);
                        this.frameBins = nFft / 2 + 1;
                        this.bins = frameBins;
                        addChroma(r, nFft);
                        break;
                    }
                    case "spectral_contrast": {
                        // librosa.feature.spectral_contrast(fmin=200, n_bands=6, quantile=0.02, linear=False)
                        double fmin = r.number("fmin", 200.0);
                        int nBands = r.integer("n_bands", 6);
                        double quantile = r.number("quantile", 0.02);
                        boolean linear = r.bool("linear", false);
                        int rate = sampleRateHz;
                        try {
                            new SpectralContrast(rate, window, fmin, nBands, quantile);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(name + " spec: " + e.getMessage(), e);
                        }
                        this.frameFeature = () -> new SpectralContrast(rate, window, fmin, nBands, quantile);
                        this.frameBins = 2 * (nBands + 1);
                        int bands = nBands + 1;
                        if (linear) {
                            pre.add(RowOps.factory(frameBins, bands, () -> (in, out) ->
                                    SpectralContrast.linearContrast(in, out, bands)));
                        } else {
                            matrix = () -> (rows, frames, width) -> {
                                SpectralContrast.toDecibelContrast(rows, frames, bands);
                                return bands;
                            };
                            matrixWhy = "spectral_contrast's power_to_db (top_db=80 over the whole clip; \"linear\": true "
                                    + "streams hop by hop)";
                            // a first pass finds the peak and valley maxima in dB, the second applies top_db
                            matrixPasses = 1;
                            matrixPass = () -> new Chain.PassStage() {
                                private final double[] maxima = new double[2];

                                @Override
                                public void begin() {
                                    Arrays.fill(maxima, Double.NEGATIVE_INFINITY);
                                }

                                @Override
                                public void observe(double[] row, int n) {
                                    SpectralContrast.observeDecibelMaxima(row, 0, bands, maxima);
                                }

                                @Override
                                public void end(long frames) {
                                }

                                @Override
                                public int apply(double[] row, int n) {
                                    SpectralContrast.applyDecibelContrast(row, 0, 0, bands, maxima);
                                    return bands;
                                }
                            };
                        }
                        this.bins = bands;
                        break;
                    }
                    case "onset_strength":
                    case "onset_detect": {
                        // librosa.onset.onset_strength: power_to_db(melspectrogram(y, sr, n_fft, hop_length, **kwargs))
                        double power = r.number("power", 2.0);
                        if (!(power > 0)) {
                            throw r.bad("power", power, "> 0");
                        }
                        this.frameFeature = () -> spectrumFeature(nFft, window, power);
                        this.frameBins = nFft / 2 + 1;
                        this.bins = frameBins;
                        addMel(r, name, nFft);
                        addDb(Map.of(), false, "power_to_db");
                        addOnset(r, name, nFft, hop, center);
                        break;
                    }
                    case "poly_features": {
                        // librosa.feature.poly_features(S=|stft|, order=1): np.polyfit per frame
                        int order = r.integer("order", 1);
                        if (order < 0 || order >= nFft / 2 + 1) {
                            throw r.bad("order", order, "in [0, " + (nFft / 2) + "] (n_fft / 2)");
                        }
                        int rate = sampleRateHz;
                        this.frameFeature = () -> new dev.audioml.features.spectral.PolyFeatures(rate, window, order);
                        this.frameBins = order + 1;
                        this.bins = frameBins;
                        break;
                    }
                    default: {
                        List<String> names = name.equals("spectral") ? descriptorNames(r) : List.of(name);
                        boolean all = name.equals("spectral");
                        double rollPercent = all || name.equals("spectral_rolloff") ? r.number("roll_percent", 0.85) : 0.85;
                        double p = all || name.equals("spectral_bandwidth") ? r.number("p", 2.0) : 2.0;
                        boolean flat = name.equals("spectral_flatness");
                        double amin = flat ? r.number("amin", 1e-10) : 1e-10;
                        double power = flat ? r.number("power", 2.0) : 2.0;
                        int rate = sampleRateHz;
                        this.frameFeature = () -> new SpectralDescriptors(names, rate, window, rollPercent, p, amin, power);
                        this.frameFeature.get();
                        this.frameBins = names.size();
                        this.bins = frameBins;
                        break;
                    }
                }
            }
        }
        readTail(r);
        r.requireNoUnknownKeys();
    }

    private static FrameFeature spectrumFeature(int nFft, double[] window, double power) {
        Spectrum s = new Spectrum(nFft, window, power);
        return new FrameFeature() {
            @Override
            public int bins() {
                return s.bins();
            }

            @Override
            public void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row) {
                s.compute(frame, frame.length, row);
            }
        };
    }

    private static WindowFunctions.Shape windowShape(SpecReader r) {
        Object w = r.get("window");
        if (w == null) {
            return WindowFunctions.Shape.HANN;
        }
        if (!(w instanceof String s)) {
            throw r.bad("window", w, "a window name");
        }
        try {
            return WindowFunctions.Shape.parse(s);
        } catch (IllegalArgumentException e) {
            throw r.bad("window", w, "one of [hann, hamming, blackman, boxcar, rectangular, povey]");
        }
    }

    private static List<String> descriptorNames(SpecReader r) {
        Object d = r.get("descriptors");
        if (d == null) {
            return SpectralDescriptors.NAMES;
        }
        List<String> out = new ArrayList<>();
        if (d instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (!(o instanceof String s) || !SpectralDescriptors.NAMES.contains(s)) {
                    throw r.bad("descriptors", d, "a non-empty list from " + SpectralDescriptors.NAMES);
                }
                out.add(s);
            }
            return out;
        }
        throw r.bad("descriptors", d, "a non-empty list from " + SpectralDescriptors.NAMES);
    }

    private void addMel(SpecReader r, String name, int nFft) {
        int nMels = r.integer("n_mels", 128);
        if (nMels < 1 || nMels > SpecLimits.MAX_MEL_BANDS) {
            throw r.bad("n_mels", nMels, "in [1, " + SpecLimits.MAX_MEL_BANDS + "]");
        }
        if ((long) nMels * (nFft / 2 + 1) > SpecLimits.MAX_MEL_BASIS_VALUES) {
            throw r.bad("n_mels", nMels, "at most " + SpecLimits.MAX_MEL_BASIS_VALUES / (nFft / 2 + 1)
                    + " with n_fft " + nFft + " (n_mels x (n_fft/2+1) <= " + SpecLimits.MAX_MEL_BASIS_VALUES + ")");
        }
        double fmin = r.number("fmin", 0.0);
        if (!(fmin >= 0)) {
            throw r.bad("fmin", fmin, ">= 0");
        }
        Double fmaxValue = r.optionalNumber("fmax");
        double fmax = fmaxValue == null ? sampleRateHz / 2.0 : fmaxValue;
        if (!(fmax > fmin)) {
            throw r.bad("fmax", fmax, "> fmin (" + fmin + ")");
        }
        boolean htk = r.bool("htk", false);
        String normKey = name.equals("mfcc") ? "mel_norm" : "norm";
        String norm = r.choice(normKey, "slaney", "slaney");
        MelFilterBank bank = new MelFilterBank(sampleRateHz, nFft, nMels, fmin, fmax, htk, norm != null);
        if (bank.emptyFilters() > 0) {
            // librosa.filters.mel warns the same way (UserWarning) and keeps the empty filters
            LOG.log(Level.WARNING, "Empty filters detected in mel frequency basis: {0} of {1} mel filters are all "
                    + "zero (fmax={2} Hz is above Nyquist {3} Hz, or n_mels={1} is too high for n_fft={4})",
                    bank.emptyFilters(), nMels, fmax, sampleRateHz / 2.0, nFft);
        }
        int inBins = bins;
        pre.add(RowOps.factory(inBins, nMels, () -> (in, out) -> bank.apply(in, out)));
        bins = nMels;
    }

    private void addDb(Map<String, ?> db, boolean amplitudeDefault, String key) {
        SpecReader d = new SpecReader(db, feature + " spec " + key);
        String fn = d.choice("function", amplitudeDefault ? "amplitude_to_db" : "power_to_db", "power_to_db",
                "amplitude_to_db");
        if (fn == null) {
            throw d.bad("function", null, "\"power_to_db\" or \"amplitude_to_db\"");
        }
        boolean amplitude = "amplitude_to_db".equals(fn);
        Object refValue = d.get("ref");
        boolean refMax = "max".equals(refValue);
        if (refValue instanceof String && !refMax) {
            throw d.bad("ref", refValue, "a positive number or \"max\"");
        }
        double ref = refMax ? 1.0 : d.number("ref", 1.0);
        if (!refMax && !(ref > 0)) {
            throw d.bad("ref", refValue, "a positive number or \"max\"");
        }
        double amin = d.number("amin", amplitude ? 1e-5 : 1e-10);
        if (!(amin > 0)) {
            throw d.bad("amin", amin, "> 0");
        }
        double topDb = 80.0;
        if (d.present("top_db")) {
            Double t = d.optionalNumber("top_db");
            topDb = t == null ? Double.NaN : t;
            if (topDb < 0) {
                throw d.bad("top_db", t, ">= 0 or null");
            }
        }
        d.requireNoUnknownKeys();
        Decibels decibels = new Decibels(amplitude, ref, refMax, amin, topDb);
        int n = bins;
        pre.add(RowOps.factory(n, n, () -> (in, out) -> decibels.applyToRow(in, out, n)));
        if (decibels.needsMatrix()) {
            matrix = () -> (rows, frames, width) -> {
                decibels.applyToMatrix(rows, 0, frames * width);
                return width;
            };
            matrixPasses = 1;
            matrixPass = () -> new Chain.PassStage() {
                // librosa.power_to_db: ref=np.max and top_db use the maximum of the whole matrix
                private double max = Double.NEGATIVE_INFINITY;

                @Override
                public void begin() {
                    max = Double.NEGATIVE_INFINITY;
                }

                @Override
                public void observe(double[] row, int n) {
                    max = Decibels.max(row, 0, n, max);
                }

                @Override
                public void end(long frames) {
                }

                @Override
                public int apply(double[] row, int n) {
                    decibels.applyMatrixMax(row, 0, n, max);
                    return n;
                }
            };
            matrixWhy = feature.startsWith("onset") ? "onset_strength's power_to_db (top_db=80 over the whole clip)"
                    : "to_db with ref=\"max\" or a top_db (librosa applies them over the whole matrix; mfcc's "
                    + "default top_db is 80)";
        }
    }

    /**
     * librosa.feature.chroma_stft after the power spectrum: librosa.filters.chroma (tuning from
     * librosa.estimate_tuning over the whole clip when "tuning" is absent or null, as librosa's default), then
     * librosa.util.normalize(norm=inf).
     */
    private void addChroma(SpecReader r, int nFft) {
        int nChroma = r.integer("n_chroma", 12);
        if (nChroma < 1 || nChroma > SpecLimits.MAX_MEL_BANDS) {
            throw r.bad("n_chroma", nChroma, "in [1, " + SpecLimits.MAX_MEL_BANDS + "]");
        }
        double norm = normValue(r, "norm");
        Double tuning = r.optionalNumber("tuning");
        if (tuning != null && !(tuning >= -0.5 && tuning < 0.5)) {
            throw r.bad("tuning", tuning, "in [-0.5, 0.5) (fractions of a chroma bin), or null to estimate it");
        }
        double ctroct = r.number("ctroct", 5.0);
        double octwidth = 2.0;
        if (r.present("octwidth")) {
            Double o = r.optionalNumber("octwidth");
            octwidth = o == null ? Double.NaN : o;
            if (o != null && !(o > 0)) {
                throw r.bad("octwidth", o, "> 0, or null for no octave weighting");
            }
        }
        boolean baseC = r.bool("base_c", true);
        if (nFft < 2) {
            throw r.bad("n_fft", nFft, ">= 2 for chroma");
        }
        int rate = sampleRateHz;
        int in = bins;
        double width = octwidth;
        if (tuning != null) {
            ChromaFilterBank bank = new ChromaFilterBank(rate, nFft, nChroma, tuning, ctroct, width, baseC);
            pre.add(RowOps.factory(in, nChroma, () -> (row, out) -> {
                bank.apply(row, 0, out);
                ChromaFilterBank.normalize(out, nChroma, norm);
            }));
        } else {
            matrix = () -> new Chain.MatrixStage() {
                private ChromaFilterBank bank;
                private final double[] chroma = new double[nChroma];

                @Override
                public int apply(double[] rows, int frames, int inBins) {
                    double t = TuningEstimator.estimate(rows, frames, inBins, rate, nChroma);
                    if (bank == null || bank.tuning() != t) {
                        bank = new ChromaFilterBank(rate, nFft, nChroma, t, ctroct, width, baseC);
                    }
                    for (int f = 0; f < frames; f++) {
                        bank.apply(rows, f * inBins, chroma);
                        ChromaFilterBank.normalize(chroma, nChroma, norm);
                        System.arraycopy(chroma, 0, rows, f * nChroma, nChroma);
                    }
                    return nChroma;
                }
            };
            matrixWhy = "chroma_stft's tuning estimate (librosa.estimate_tuning over the whole clip; a number for "
                    + "\"tuning\", e.g. 0.0, streams hop by hop)";
            // streamed: three passes find the tuning (TuningEstimator.Streamed), the fourth applies the filter bank
            matrixPasses = TuningEstimator.Streamed.GATHERING_PASSES;
            matrixPass = () -> new Chain.PassStage() {
                private final TuningEstimator.Streamed estimate = new TuningEstimator.Streamed(rate, nChroma);
                private final double[] chroma = new double[nChroma];
                private ChromaFilterBank bank;
                private int passesEnded;

                @Override
                public int gatheringPasses() {
                    return TuningEstimator.Streamed.GATHERING_PASSES;
                }

                @Override
                public void begin() {
                    estimate.begin();
                    passesEnded = 0;
                }

                @Override
                public void observe(double[] row, int n) {
                    estimate.observe(row, 0, n);
                }

                @Override
                public void end(long frames) {
                    estimate.endPass();
                    if (++passesEnded == TuningEstimator.Streamed.GATHERING_PASSES) {
                        double t = estimate.tuning();
                        if (bank == null || bank.tuning() != t) {
                            bank = new ChromaFilterBank(rate, nFft, nChroma, t, ctroct, width, baseC);
                        }
                    }
                }

                @Override
                public int apply(double[] row, int n) {
                    bank.apply(row, 0, chroma);
                    ChromaFilterBank.normalize(chroma, nChroma, norm);
                    System.arraycopy(chroma, 0, row, 0, nChroma);
                    return nChroma;
                }
            };
        }
        bins = nChroma;
    }

    /**
     * cqt: np.abs(librosa.cqt(y, sr, hop_length, fmin, n_bins, bins_per_octave, tuning)); chroma_cqt:
     * librosa.feature.chroma_cqt (cqt with bins_per_octave 36 over n_octaves 7, tuning estimated, filters.cq_to_chroma,
     * threshold, normalize); tonnetz: librosa.feature.tonnetz(y, sr) = its default chroma_cqt, L1-normalised, times
     * the tonal-centroid basis.
     */
    private void addConstantQ(SpecReader r, String name) {
        boolean chroma = !name.endsWith("cqt") || name.equals("chroma_cqt");
        boolean hybrid = name.equals("hybrid_cqt");
        int hop = r.integer("hop_length", 512);
        if (hop < 1 || hop > SpecLimits.MAX_HOP_SAMPLES) {
            throw r.bad("hop_length", hop, "in [1, " + SpecLimits.MAX_HOP_SAMPLES + "]");
        }
        Double fminValue = r.optionalNumber("fmin");
        double fmin = fminValue == null ? ConstantQ.C1_HZ : fminValue;
        if (!(fmin > 0)) {
            throw r.bad("fmin", fminValue, "> 0 Hz, or null for C1");
        }
        int nChroma = chroma ? r.integer("n_chroma", 12) : 12;
        int bpo = r.integer("bins_per_octave", chroma ? 36 : 12);
        if (bpo < 2 || bpo > SpecLimits.MAX_MEL_BANDS) {
            throw r.bad("bins_per_octave", bpo, "in [2, " + SpecLimits.MAX_MEL_BANDS + "]");
        }
        int nBins;
        if (chroma) {
            if (nChroma < 1 || bpo % nChroma != 0) {
                throw r.bad("n_chroma", nChroma, "a divisor of bins_per_octave (" + bpo + ")");
            }
            int nOctaves = r.integer("n_octaves", 7);
            if (nOctaves < 1 || nOctaves > 12) {
                throw r.bad("n_octaves", nOctaves, "in [1, 12]");
            }
            nBins = nOctaves * bpo;
            String mode = r.choice("cqt_mode", "full", "full", "hybrid");
            if (mode == null) {
                throw r.bad("cqt_mode", null, "\"full\" or \"hybrid\"");
            }
            hybrid = mode.equals("hybrid");
            if (r.present("window") && r.get("window") != null) {
                throw r.bad("window", r.get("window"), "null (chroma_cqt's default; a smoothing window is not "
                        + "provided)");
            }
        } else {
            nBins = r.integer("n_bins", 84);
            if (nBins < 2 || nBins > SpecLimits.MAX_MEL_BANDS * 4) {
                throw r.bad("n_bins", nBins, "in [2, " + SpecLimits.MAX_MEL_BANDS * 4 + "]");
            }
        }
        Double tuning;
        if (r.present("tuning")) {
            tuning = r.optionalNumber("tuning");
        } else {
            tuning = chroma ? null : 0.0; // librosa.cqt's default is 0.0; chroma_cqt's is None (estimated)
        }
        if (tuning != null && !(tuning >= -0.5 && tuning < 0.5)) {
            throw r.bad("tuning", tuning, "in [-0.5, 0.5) (fractions of a bin), or null to estimate it");
        }
        try {
            constantQ = new ConstantQ(sampleRateHz, hop, fmin, nBins, bpo, tuning == null ? Double.NaN : tuning,
                    hybrid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " spec: " + e.getMessage(), e);
        }
        int cqtBins = nBins;
        this.framer = () -> StftFramer.librosa(1, hop, true, StftFramer.PadMode.CONSTANT); // lengths only
        this.frameFeature = () -> new FrameFeature() {
            @Override
            public int bins() {
                return cqtBins;
            }

            @Override
            public void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row) {
                throw new IllegalStateException(name + " is computed per clip");
            }
        };
        this.frameBins = nBins;
        this.bins = nBins;
        matrixWhy = name + " (librosa computes each octave of the constant-Q transform at its own rate, over the whole "
                + "clip)";
        if (!chroma) {
            Map<String, ?> db = r.object("to_db");
            if (db != null) {
                addDb(db, true, "to_db");
            }
            return;
        }
        double norm = normValue(r, "norm");
        double threshold = r.number("threshold", 0.0);
        double[] map = ConstantQChroma.cqToChroma(nBins, bpo, nChroma, fmin);
        int in = nBins;
        pre.add(RowOps.factory(in, nChroma, () -> (row, out) ->
                ConstantQChroma.chroma(map, row, in, nChroma, threshold, norm, out)));
        bins = nChroma;
        if (name.equals("tonnetz")) {
            double[] phi = ConstantQChroma.tonnetzBasis(nChroma);
            pre.add(RowOps.factory(nChroma, 6, () -> (row, out) -> ConstantQChroma.tonnetz(phi, row, nChroma, out)));
            bins = 6;
        }
    }

    /** A librosa.util.normalize norm: a positive number, "inf", "-inf", or null (none). */
    private static double normValue(SpecReader r, String key) {
        Object v = r.get(key);
        if (!r.present(key)) {
            return Double.POSITIVE_INFINITY;
        }
        if (v == null) {
            return Double.NaN;
        }
        if ("inf".equals(v)) {
            return Double.POSITIVE_INFINITY;
        }
        if ("-inf".equals(v)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (v instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw r.bad(key, v, "\"inf\" (np.inf, the default), \"-inf\", a positive number, or null");
    }

    /** onset_strength's flux after the dB mel rows; onset_detect's peak picking over the whole envelope. */
    private void addOnset(SpecReader r, String name, int nFft, int hop, boolean center) {
        int lag = r.integer("lag", 1);
        if (lag < 1) {
            throw r.bad("lag", lag, "a positive integer");
        }
        int maxSize = r.integer("max_size", 1);
        if (maxSize < 1 || maxSize > SpecLimits.MAX_MEL_BANDS) {
            throw r.bad("max_size", maxSize, "in [1, " + SpecLimits.MAX_MEL_BANDS + "]");
        }
        boolean detrend = r.bool("detrend", false);
        String aggregate = r.choice("aggregate", "mean", "mean");
        if (aggregate == null) {
            throw r.bad("aggregate", null, "\"mean\" (np.mean, librosa's default)");
        }
        int delay = center ? nFft / (2 * hop) : 0;
        int in = bins;
        post.add(RowOps.factory(in, 1, () -> new RowOps.Op() {
            private final OnsetStrength onset = new OnsetStrength(in, lag, maxSize, delay, detrend);

            @Override
            public void apply(double[] row, double[] out) {
                out[0] = onset.next(row);
            }

            @Override
            public void reset() {
                onset.reset();
            }
        }));
        bins = 1;
        if (name.equals("onset_detect")) {
            double rate = sampleRateHz;
            OnsetPeakPicker picker = new OnsetPeakPicker(
                    frames(r, "pre_max", OnsetPeakPicker.defaultFrames(0.03, rate, hop), false),
                    frames(r, "post_max", OnsetPeakPicker.defaultFrames(0.00, rate, hop) + 1, true),
                    frames(r, "pre_avg", OnsetPeakPicker.defaultFrames(0.10, rate, hop), false),
                    frames(r, "post_avg", OnsetPeakPicker.defaultFrames(0.10, rate, hop) + 1, true),
                    nonNegative(r, "delta", 0.07),
                    frames(r, "wait", OnsetPeakPicker.defaultFrames(0.03, rate, hop), false),
                    r.bool("normalize", true), r.bool("backtrack", false));
            finalStage = (out, offset, frames, width) -> picker.detect(out, offset, frames, width);
        }
    }

    private static double frames(SpecReader r, String key, double defaultValue, boolean positive) {
        double v = r.number(key, defaultValue);
        if (!(positive ? v > 0 : v >= 0) || v > Integer.MAX_VALUE / 4) {
            throw r.bad(key, v, (positive ? "> 0" : ">= 0") + " frames");
        }
        return v;
    }

    private static double nonNegative(SpecReader r, String key, double defaultValue) {
        double v = r.number(key, defaultValue);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw r.bad(key, v, ">= 0");
        }
        return v;
    }

    private void addDct(SpecReader r) {
        int nMfcc = r.integer("n_mfcc", 20);
        int dctType = r.integer("dct_type", 2);
        if (dctType != 2) {
            throw r.bad("dct_type", dctType, "2 (only DCT-II is supported)");
        }
        String norm = r.choice("norm", "ortho", "ortho");
        double lifter = r.number("lifter", 0.0);
        if (!(lifter >= 0)) {
            throw r.bad("lifter", lifter, ">= 0");
        }
        if (nMfcc < 1 || nMfcc > bins) {
            throw r.bad("n_mfcc", nMfcc, "in [1, " + bins + "] (n_mels)");
        }
        Dct dct = new Dct(bins, nMfcc, norm != null, lifter);
        (matrix != null ? post : pre).add(RowOps.factory(bins, nMfcc, () -> dct::apply));
        bins = nMfcc;
    }

    private void readTail(SpecReader r) {
        // onset_detect's "delta" is librosa.util.peak_pick's threshold (read in addOnset), not feature deltas
        Map<String, ?> delta = feature.equals("onset_detect") ? null : r.object("delta");
        if (delta != null) {
            SpecReader d = new SpecReader(delta, feature + " spec delta");
            int width = d.integer("width", 9);
            if (width > SpecLimits.MAX_DELTA_WIDTH) {
                throw d.bad("width", width, "an odd integer in [3, " + SpecLimits.MAX_DELTA_WIDTH + "]");
            }
            Object order = d.get("order");
            int[] orders;
            if (order == null) {
                orders = new int[] {1};
            } else if (order instanceof Number) {
                orders = new int[] {d.integer("order", 1)};
            } else if (order instanceof List<?>) {
                double[] values = d.numbers("order");
                orders = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    orders[i] = (int) values[i];
                    if (orders[i] != values[i]) {
                        throw d.bad("order", order, "an integer or a list of integers");
                    }
                }
            } else {
                throw d.bad("order", order, "an integer or a list of integers");
            }
            d.requireNoUnknownKeys();
            try {
                new Deltas(width, orders, bins);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(feature + " spec delta: " + e.getMessage(), e);
            }
            deltaWidth = width;
            deltaOrders = orders;
            bins *= orders.length;
        }
        Map<String, ?> c = r.object("cmvn");
        if (c != null) {
            SpecReader d = new SpecReader(c, feature + " spec cmvn");
            double[] mean = d.numbers("mean");
            double[] std = d.numbers("std");
            d.requireNoUnknownKeys();
            if (mean == null || std == null || mean.length != bins || std.length != bins) {
                throw d.bad("mean", mean == null ? null : mean.length + " values",
                        "arrays mean and std of " + bins + " values (the feature's bins)");
            }
            try {
                cmvn = new Cmvn(mean, std);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(feature + " spec cmvn: " + e.getMessage(), e);
            }
        }
    }

    /** @return whether some stage needs the whole matrix (dB reference max, top_db, Kaldi subtract_mean) */
    boolean needsMatrix() {
        return matrix != null || subtractMean || finalStage != null || constantQ != null;
    }

    /**
     * @return passes over a stream that a streamed computation takes: 1 without a whole-matrix stage, one more for
     *     each of the dB matrix part, spectral contrast's dB and subtract_mean, three more for chroma's tuning
     *     estimate; 0 when some stage needs the whole clip at once (constant-Q, onset_detect's peak picking)
     */
    int streamingPasses() {
        if (constantQ != null || finalStage != null || (matrix != null && matrixPass == null)) {
            return 0;
        }
        return 1 + (matrixPass != null ? matrixPasses : 0) + (subtractMean ? 1 : 0);
    }

    /** The streamed forms of the whole-matrix stages, in chain order (see {@link #streamingPasses()}). */
    private Chain.PassStage[] passStages(int width) {
        if (streamingPasses() < 2) {
            return new Chain.PassStage[0];
        }
        List<Chain.PassStage> stages = new ArrayList<>();
        if (matrixPass != null) {
            stages.add(matrixPass.get());
        }
        if (subtractMean) {
            // torchaudio.compliance.kaldi.fbank(subtract_mean=True): each column less its mean over the matrix; the
            // sums run frame by frame, in Chain.finishMatrix's order, so the means are the same doubles
            stages.add(new Chain.PassStage() {
                private final double[] mean = new double[width];

                @Override
                public void begin() {
                    Arrays.fill(mean, 0.0);
                }

                @Override
                public void observe(double[] row, int n) {
                    for (int b = 0; b < n; b++) {
                        mean[b] += row[b];
                    }
                }

                @Override
                public void end(long frames) {
                    for (int b = 0; b < width; b++) {
                        mean[b] /= frames;
                    }
                }

                @Override
                public int apply(double[] row, int n) {
                    for (int b = 0; b < n; b++) {
                        row[b] -= mean[b];
                    }
                    return n;
                }
            });
        }
        return stages.toArray(new Chain.PassStage[0]);
    }

    /** @return why streaming per hop is impossible, or {@code null} */
    String matrixReason() {
        if (constantQ != null) {
            return matrixWhy;
        }
        if (finalStage != null) {
            return "onset_detect's normalisation and peak picking (over the whole envelope)";
        }
        if (matrix != null) {
            return matrixWhy;
        }
        return subtractMean ? "subtract_mean (a mean over the whole matrix)" : null;
    }

    /** @return the whole-clip constant-Q transform, or null for per-frame features */
    ConstantQ constantQ() {
        return constantQ;
    }

    /** @return values per output frame */
    int bins() {
        return bins;
    }

    /** @return new mutable stages for one stream */
    Chain newChain() {
        RowOps preOps = RowOps.build(pre);
        return new Chain(framer.get(), frameFeature.get(), frameBins, preOps,
                matrix == null ? null : matrix.get(), subtractMean, RowOps.build(post), deltaOrders == null ? null
                        : new Deltas(deltaWidth, deltaOrders, bins / deltaOrders.length), cmvn, bins, finalStage,
                passStages(preOps.isEmpty() ? frameBins : preOps.outBins()));
    }
}
