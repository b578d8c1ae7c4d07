package dev.audioml.features;

import dev.audioml.features.db.Decibels;
import dev.audioml.features.delta.Deltas;
import dev.audioml.features.kaldi.KaldiFbank;
import dev.audioml.features.kaldi.KaldiOptions;
import dev.audioml.features.mel.MelFilterBank;
import dev.audioml.features.mfcc.Dct;
import dev.audioml.features.norm.Cmvn;
import dev.audioml.features.spec.SpecLimits;
import dev.audioml.features.spec.SpecReader;
import dev.audioml.features.spectral.SpectralDescriptors;
import dev.audioml.features.stft.Framer;
import dev.audioml.features.stft.Spectrum;
import dev.audioml.features.window.WindowFunctions;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
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
            "rms", "poly_features");

    private static final System.Logger LOG = System.getLogger(FeaturePlan.class.getName());

    final String feature;
    final int sampleRateHz;
    final boolean hasRate;
    /** The spec said {@code "sr": null}: features at the audio's own rate, as {@code librosa.load(sr=None)}. */
    final boolean nativeRate;
    final LoadOptions load;
    private final Supplier<Framer> framer;
    private final Supplier<FrameFeature> frameFeature;
    private final int frameBins;
    private final List<RowOps.Factory> pre = new ArrayList<>();
    private Decibels matrixDb;
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
            this.framer = () -> Framer.kaldi(o.windowSamples(), o.shiftSamples(), o.snipEdges());
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
            boolean center = r.bool("center", true);
            boolean takesPadMode = !name.equals("zero_crossing_rate");
            String padName = takesPadMode ? r.choice("pad_mode", "constant", "constant", "reflect") : "constant";
            if (padName == null) {
                throw r.bad("pad_mode", null, "\"constant\" or \"reflect\"");
            }
            Framer.PadMode pad = padName.equals("reflect") ? Framer.PadMode.REFLECT : Framer.PadMode.CONSTANT;
            this.framer = () -> Framer.librosa(nFft, hop, center, pad);
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
            matrixDb = decibels;
        }
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
        (matrixDb != null ? post : pre).add(RowOps.factory(bins, nMfcc, () -> dct::apply));
        bins = nMfcc;
    }

    private void readTail(SpecReader r) {
        Map<String, ?> delta = r.object("delta");
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
        return matrixDb != null || subtractMean;
    }

    /** @return why streaming per hop is impossible, or {@code null} */
    String matrixReason() {
        if (matrixDb != null) {
            return "to_db with ref=\"max\" or a top_db (librosa applies them over the whole matrix; mfcc's default "
                    + "top_db is 80)";
        }
        return subtractMean ? "subtract_mean (a mean over the whole matrix)" : null;
    }

    /** @return values per output frame */
    int bins() {
        return bins;
    }

    /** @return new mutable stages for one stream */
    Chain newChain() {
        return new Chain(framer.get(), frameFeature.get(), frameBins, RowOps.build(pre), matrixDb, subtractMean,
                RowOps.build(post), deltaOrders == null ? null : new Deltas(deltaWidth, deltaOrders,
                        bins / deltaOrders.length), cmvn, bins);
    }
}
