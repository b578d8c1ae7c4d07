package dev.audioml.features.workshop;

import dev.audioml.features.internal.SpecReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workshop's spectrogram settings, the columns of its {@code SpectrumVariables.csv} (FAR-Lab
 * RealtimeAudioClassification), kept exactly as written: the shipped file's {@code SAMPLE_RATE} of 22500 Hz (not
 * 22050) and {@code FMAX} 22050 Hz above that rate's Nyquist, which leaves the top mel bands empty (librosa warns and
 * keeps them; so does AudioML, once per extractor).
 *
 * <p>As a feature spec (for {@link dev.audioml.core.FeatureExtractors#fromSpec} and the {@code audioml.features}
 * model metadata) the same names are used: {@code {"feature": "workshop_image", "RESOLUTION": 224, "SAMPLE_RATE":
 * 22500, "N_FFT": 1024, "N_MELS": 224, "HOP_LENGTH": 128, "FMIN": 10, "FMAX": 22050, "POWER": 2}}, plus the optional
 * {@code "pad_mode"} ({@code "reflect"}, the default, as the librosa releases of the workshop's time padded centred
 * frames; {@code "constant"} as librosa 0.10+) and {@code "ring_samples"} (the live ring buffer, default 44100 as
 * {@code RingBuffer(44100*1)} in {@code RunningCode.py}).
 *
 * @param resolution tile edge in pixels ({@code RESOLUTION}); also the number of columns classified live
 * @param sampleRateHz analysis rate in Hz ({@code SAMPLE_RATE})
 * @param fftSize FFT length in samples ({@code N_FFT})
 * @param melBands mel bands = image rows ({@code N_MELS})
 * @param hopSamples hop in samples ({@code HOP_LENGTH}) = one image column
 * @param fMinHz lowest mel edge in Hz ({@code FMIN})
 * @param fMaxHz highest mel edge in Hz ({@code FMAX}); may exceed Nyquist (empty top bands, as in librosa)
 * @param power spectrum exponent ({@code POWER}: 1 magnitude, 2 power)
 * @param padMode centred-frame padding, {@code "reflect"} or {@code "constant"}
 * @param ringSamples live ring-buffer length in samples at {@code sampleRateHz}
 * @since 0.1
 */
public record WorkshopSettings(int resolution, int sampleRateHz, int fftSize, int melBands, int hopSamples,
        int fMinHz, int fMaxHz, int power, String padMode, int ringSamples) {
    /** The feature name in specs and model metadata. */
    public static final String FEATURE = "workshop_image";
    /** {@code RingBuffer(44100*1)} in {@code RunningCode.py}. */
    public static final int WORKSHOP_RING_SAMPLES = 44_100;
    /** The CSV's columns, in the shipped file's order. */
    public static final List<String> COLUMNS = List.of("RESOLUTION", "SAMPLE_RATE", "N_FFT", "N_MELS", "HOP_LENGTH",
            "FMIN", "FMAX", "POWER");

    /** Checks every value. */
    public WorkshopSettings {
        positive("RESOLUTION", resolution);
        positive("SAMPLE_RATE", sampleRateHz);
        positive("N_FFT", fftSize);
        positive("N_MELS", melBands);
        positive("HOP_LENGTH", hopSamples);
        if (fMinHz < 0 || fMaxHz <= fMinHz) {
            throw new IllegalArgumentException("workshop settings: need 0 <= FMIN < FMAX, got FMIN=" + fMinHz
                    + ", FMAX=" + fMaxHz);
        }
        if (power != 1 && power != 2) {
            throw new IllegalArgumentException("workshop settings: POWER must be 1 or 2, got " + power);
        }
        if (!"reflect".equals(padMode) && !"constant".equals(padMode)) {
            throw new IllegalArgumentException("workshop settings: pad_mode must be \"reflect\" or \"constant\", got \""
                    + padMode + "\"");
        }
        positive("ring_samples", ringSamples);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("workshop settings: " + key + " must be >= 1, got " + value);
        }
    }

    /**
     * Reads a {@code SpectrumVariables.csv}: a header line with the eight {@link #COLUMNS} (any order) and one line of
     * integers, read as {@code csv.DictReader} + {@code int(...)} in {@code GenerateSpectrums} do.
     *
     * @param csv the file
     * @return the settings, with reflect padding and the 44100-sample ring
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, column and value when a column is missing or not an integer
     */
    public static WorkshopSettings readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException(csv + ": expected a header line " + COLUMNS
                    + " and one line of integers, got " + lines.size() + " non-blank lines");
        }
        String[] names = lines.get(0).replace("\uFEFF", "").split(",", -1);
        String[] values = lines.get(1).split(",", -1);
        if (names.length != values.length) {
            throw new IllegalArgumentException(csv + ": header has " + names.length + " columns, values line has "
                    + values.length);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("feature", FEATURE);
        for (int i = 0; i < names.length; i++) {
            String name = names[i].strip();
            try {
                spec.put(name, Integer.parseInt(values[i].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ": column " + name + " must be an integer, got \""
                        + values[i].strip() + "\"", e);
            }
        }
        try {
            return fromSpec(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code workshop_image} spec (see the class comment).
     *
     * @param spec the spec
     * @return the settings
     * @throws IllegalArgumentException naming the key for a missing, unknown or impossible value
     */
    public static WorkshopSettings fromSpec(Map<String, ?> spec) {
        SpecReader r = new SpecReader(spec, FEATURE + " spec");
        if (!FEATURE.equals(r.get("feature"))) {
            throw r.bad("feature", r.get("feature"), "\"" + FEATURE + "\"");
        }
        int[] v = new int[COLUMNS.size()];
        for (int i = 0; i < v.length; i++) {
            String key = COLUMNS.get(i);
            Integer value = r.optionalInteger(key);
            if (value == null) {
                throw r.bad(key, null, "an integer (a column of SpectrumVariables.csv)");
            }
            v[i] = value;
        }
        String pad = r.choice("pad_mode", "reflect", "reflect", "constant");
        if (pad == null) {
            throw r.bad("pad_mode", null, "\"reflect\" or \"constant\"");
        }
        int ring = r.integer("ring_samples", WORKSHOP_RING_SAMPLES);
        r.requireNoUnknownKeys();
        return new WorkshopSettings(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], pad, ring);
    }

    /**
     * @return the values of the workshop's shipped {@code SpectrumVariables.csv} (224, 22500 Hz, 1024, 224, 128, 10,
     *     22050, 2), with reflect padding and the 44100-sample ring
     */
    public static WorkshopSettings shipped() {
        return new WorkshopSettings(224, 22_500, 1024, 224, 128, 10, 22_050, 2, "reflect", WORKSHOP_RING_SAMPLES);
    }

    /** @return the live window (the ring) in seconds, {@code ring_samples / SAMPLE_RATE}: a model's window */
    public double windowSeconds() {
        return (double) ringSamples / sampleRateHz;
    }

    /** @return these settings as a {@code workshop_image} spec (for model metadata) */
    public Map<String, Object> toSpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("feature", FEATURE);
        int[] v = {resolution, sampleRateHz, fftSize, melBands, hopSamples, fMinHz, fMaxHz, power};
        for (int i = 0; i < v.length; i++) {
            spec.put(COLUMNS.get(i), v[i]);
        }
        spec.put("pad_mode", padMode);
        spec.put("ring_samples", ringSamples);
        return spec;
    }

    /**
     * @return the {@code melspectrogram} spec {@code GenerateSpectrums} computes:
     *     {@code power_to_db(melspectrogram(y, sr, n_fft, hop_length, n_mels, power, fmin, fmax), ref=np.max)}
     *     (librosa defaults otherwise: Hann window, centred, Slaney mel with Slaney norm, {@code top_db} 80)
     */
    public Map<String, Object> melSpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("feature", "melspectrogram");
        spec.put("sr", sampleRateHz);
        spec.put("n_fft", fftSize);
        spec.put("hop_length", hopSamples);
        spec.put("n_mels", melBands);
        spec.put("power", power);
        spec.put("fmin", fMinHz);
        spec.put("fmax", fMaxHz);
        spec.put("pad_mode", padMode);
        spec.put("to_db", Map.of("ref", "max"));
        return spec;
    }
}
