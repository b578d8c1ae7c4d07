package dev.audioml.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.workshop.WorkshopSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** What the {@code features} and {@code spectrogram} commands share: spec parsing and decoding a whole file. */
final class FeatureInputs {
    /**
     * Jackson's streaming parser, not an ObjectMapper: a spec is a small tree of maps, lists and scalars, and building
     * an ObjectMapper (type factory, date formats, locale data) took about a tenth of a second of every start.
     */
    private static final JsonFactory JSON = new JsonFactory();

    private FeatureInputs() {
    }

    /**
     * @param specArgument a path to a JSON file, or inline JSON (starts with "{")
     * @return the spec as a map
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(String specArgument) throws IOException {
        String text = specArgument.strip();
        String source = "--spec";
        if (!text.startsWith("{")) {
            Path path = Path.of(specArgument);
            if (!Files.isRegularFile(path)) {
                throw new Main.UsageException("--spec must be a JSON file or inline JSON object, got \"" + specArgument
                        + "\" (no such file)");
            }
            text = Files.readString(path);
            source = path.toString();
        }
        try (JsonParser p = JSON.createParser(text)) {
            Object value = value(p, p.nextToken());
            JsonToken trailing = p.nextToken();
            if (trailing != null) { // trailing text after the JSON value is an error, not silently ignored
                throw new Main.UsageException(source + " is not valid JSON: unexpected '" + p.getText()
                        + "' after the value (" + p.currentLocation().offsetDescription() + ")");
            }
            if (!(value instanceof Map<?, ?>)) {
                throw new Main.UsageException(source + " must hold a JSON object, got " + value);
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            throw new Main.UsageException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The value starting at {@code token} as ObjectMapper reads into {@code Object}: objects as LinkedHashMap (a
     * repeated key keeps its last value), arrays as ArrayList, integers as Integer, Long or BigInteger by size, other
     * numbers as Double.
     */
    private static Object value(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(p, "No content to map due to end-of-input");
        }
        switch (token) {
            case START_OBJECT:
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String key = p.currentName();
                    map.put(key, value(p, p.nextToken()));
                }
                return map;
            case START_ARRAY:
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p, t));
                }
                return list;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "Unexpected token " + token);
        }
    }

    /** Reads a workshop {@code SpectrumVariables.csv}; a missing or malformed file is a usage error. */
    static WorkshopSettings workshopSettings(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new Main.UsageException("--workshop-settings must be a SpectrumVariables.csv file, got \"" + csv
                    + "\" (no such file)");
        }
        try {
            return WorkshopSettings.readCsv(csv);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--workshop-settings " + e.getMessage());
        }
    }

    /**
     * Builds the pipeline as librosa.load would read the file: a spec without {@code sr} means 22050 Hz,
     * {@code "sr": null} the file's rate (librosa.load(sr=None)).
     */
    static FeaturePipeline pipeline(Map<String, Object> spec, int fileRateHz) {
        try {
            return FeaturePipeline.fromSpec(spec, fileRateHz);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /**
     * A whole decoded file.
     *
     * @param samples mono samples
     * @param rateHz their rate in Hz
     */
    record Clip(float[] samples, int rateHz) {
    }

    /** Decodes the whole file (mono mix) at its own rate. */
    static Clip decode(Path file) throws IOException {
        return decode(file, 0);
    }

    /** Decodes audio track {@code track} (from 0) of the file (mono mix) at its own rate. */
    static Clip decode(Path file, int track) throws IOException {
        try (AudioFileSource source = AudioTrack.open(file, track)) {
            float[] samples = new float[1 << 16];
            int length = 0;
            while (true) {
                if (length == samples.length) {
                    if (length >= MAX_CLIP_SAMPLES) {
                        throw new IOException(file + ": longer than " + MAX_CLIP_SAMPLES + " samples, the most a "
                                + "whole-clip feature holds in memory; use a spec that streams (to_db with a numeric "
                                + "ref and \"top_db\": null)");
                    }
                    // grow in long arithmetic: doubling an int past 2^30 overflowed into a negative size
                    samples = Arrays.copyOf(samples, (int) Math.min(MAX_CLIP_SAMPLES, 2L * samples.length));
                }
                int n = source.read(samples, length, samples.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            return new Clip(Arrays.copyOf(samples, length), source.sampleRateHz());
        }
    }

    /** Where streamed feature rows go. */
    interface RowSink {
        /** Called once, before any rows, with the values per frame. */
        void start(int bins) throws IOException;

        /** Rows, row-major, {@code frames * bins} values from 0. */
        void rows(float[] data, int frames) throws IOException;
    }

    /** Most samples a whole-clip decode holds (a JVM array's limit, less headroom). */
    static final int MAX_CLIP_SAMPLES = Integer.MAX_VALUE - 16;

    /** Samples decoded per read when streaming. */
    private static final int BLOCK_SAMPLES = 1 << 14;

    /**
     * Decodes, resamples and computes the features block by block, handing rows to {@code sink} as they are
     * finished: memory is independent of the file's length. Specs with a stage over the whole matrix (to_db with
     * ref "max" or a top_db, spectral_contrast's dB, subtract_mean; chroma_stft's tuning estimate takes three) read the
     * file once more per such stage to gather its statistic first
     * ({@link dev.audioml.features.StreamingFeatures#passes()}); rows go to the sink only in the last pass. A file of
     * at most {@link #inMemorySamples()} samples is decoded once and computed whole instead (the same numbers). Returns
     * -1 without reading when a stage needs the whole clip at once (constant-Q, onset_detect) or the spec sets
     * librosa.load options other than the defaults (offset, duration, a res_type other than soxr_hq); the caller then
     * uses {@link #compute}.
     *
     * @return frames written, or -1 when the spec cannot stream
     */
    static long stream(Map<String, Object> spec, Path file, RowSink sink) throws IOException {
        return stream(spec, file, 0, sink);
    }

    /** {@link #stream(Map, Path, RowSink)} of audio track {@code track} (from 0). */
    static long stream(Map<String, Object> spec, Path file, int track, RowSink sink) throws IOException {
        try (AudioFileSource source = AudioTrack.open(file, track)) {
            int fileRate = source.sampleRateHz();
            FeaturePipeline pipeline = pipeline(spec, fileRate);
            if (pipeline.streamingPasses() == 0
                    || !pipeline.loadOptions().equals(dev.audioml.features.LoadOptions.DEFAULT)) {
                return -1; // offset, duration and other res_types are applied by the whole-clip path
            }
            dev.audioml.features.StreamingFeatures features = pipeline.streamingInPasses();
            if (features.passes() > 1) {
                // a file that fits the in-memory budget is decoded once and computed whole (the same numbers, bit
                // for bit, at half the decoding and STFT work); a longer one is read once per pass
                float[] clip = readUpTo(source, inMemorySamples());
                if (clip != null) {
                    FeatureMatrix m;
                    try {
                        m = pipeline.computeLoaded(clip, fileRate);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                    }
                    sink.start(m.bins());
                    sink.rows(m.data(), m.frames());
                    return m.frames();
                }
            }
            Passes passes = new Passes(features, fileRate, pipeline.sampleRateHz());
            sink.start(features.bins());
            long frames = 0;
            try {
                if (features.passes() == 1) {
                    frames = passes.run(source, sink);
                } else {
                    // the first pass keeps its rows (before the whole-matrix stages) within a memory budget, and the
                    // later passes run from them: the file is decoded, resampled and transformed once
                    features.keepFirstPassRows(keptRowValues());
                }
                for (int pass = 1; pass <= features.passes() && features.passes() > 1; pass++) {
                    if (features.canReplay()) {
                        frames = passes.replay(sink);
                        break;
                    }
                    // past the budget the file is read from its start once per pass: one statistic per pass, nothing
                    // held but it (files are regular files, AudioFiles refuses pipes; one that changes in between
                    // fails the pass's frame count check)
                    try (AudioFileSource again = AudioTrack.open(file, track)) {
                        frames = passes.run(again, sink);
                    }
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            if (frames == 0) {
                throw new IllegalArgumentException(file + ": " + pipeline.feature() + ": " + passes.samples
                        + " samples give no frame");
            }
            return frames;
        }
    }

    /**
     * Most decoded samples a whole-matrix spec computes in memory (one decode) before it streams in passes instead:
     * {@code -Daudioml.features.inMemorySamples}, default 2^22 (95 s at 44.1 kHz, 4.4 minutes at 16 kHz; a 2^25-sample
     * file took 384 MB of resident memory this way against 84 MB in two passes, for 15 % less CPU time).
     */
    static long inMemorySamples() {
        long samples = Long.getLong("audioml.features.inMemorySamples", 1L << 22);
        return Math.max(0, Math.min(MAX_CLIP_SAMPLES - 1L, samples));
    }

    /**
     * Most values (8 bytes each) a whole-matrix spec keeps from its first pass to run the later ones without reading
     * the file again: {@code -Daudioml.features.keptRowValues}, default 2^23 (64 MB: 25 minutes of 128-band log-mel at
     * 22050 Hz, hop 512), and at most an eighth of the heap ({@code -Xmx}); longer files are read once per pass.
     */
    static long keptRowValues() {
        long values = Long.getLong("audioml.features.keptRowValues", 1L << 23);
        return Math.max(0, Math.min(values, Runtime.getRuntime().maxMemory() / 64));
    }

    /** The whole file (mono) if it has at most {@code max} samples, else null (not decoded when its header says). */
    private static float[] readUpTo(AudioFileSource source, long max) throws IOException {
        if (source.info().hasFrames() && source.info().frames() > max) {
            return null;
        }
        float[] samples = new float[(int) Math.min(max + 1, 1 << 16)];
        int length = 0;
        while (true) {
            if (length == samples.length) {
                if (length > max) {
                    return null;
                }
                samples = Arrays.copyOf(samples, (int) Math.min(max + 1, 2L * samples.length));
            }
            int n = source.read(samples, length, samples.length - length);
            if (n < 0) {
                return Arrays.copyOf(samples, length);
            }
            length += n;
        }
    }

    /** One pass of decoded blocks through the resampler and the features; the buffers serve every pass. */
    private static final class Passes {
        /** Kept rows replayed per call (a few hundred KB of output per write). */
        private static final int REPLAY_ROWS = 256;
        private final dev.audioml.features.StreamingFeatures features;
        private final dev.audioml.core.resample.Resampler resampler;
        private final float[] in = new float[BLOCK_SAMPLES];
        private final float[] resampled;
        private final float[] rows;
        long samples;

        Passes(dev.audioml.features.StreamingFeatures features, int fileRate, int featureRate) {
            this.features = features;
            resampler = fileRate == featureRate ? null : new dev.audioml.core.resample.Resampler(fileRate, featureRate);
            resampled = resampler == null ? null
                    : new float[Math.max(resampler.maxOutputSamples(BLOCK_SAMPLES), resampler.maxFlushSamples())];
            int maxRows = Math.max(features.maxFrames(resampled == null ? BLOCK_SAMPLES : resampled.length),
                    features.maxFlushFrames());
            rows = new float[Math.max(maxRows, REPLAY_ROWS + features.maxFlushFrames()) * features.bins()];
        }

        /** @return frames handed to the sink (none in a gathering pass) */
        long run(AudioFileSource source, RowSink sink) throws IOException {
            long frames = 0;
            samples = 0;
            if (resampler != null) {
                resampler.reset();
            }
            for (int n; (n = source.read(in, 0, in.length)) > 0; ) {
                samples += n;
                if (resampler == null) {
                    frames += emit(sink, rows, features.push(in, 0, n, rows, 0));
                } else {
                    int m = resampler.process(in, 0, n, resampled, 0);
                    frames += emit(sink, rows, features.push(resampled, 0, m, rows, 0));
                }
            }
            if (resampler != null) {
                int m = resampler.flush(resampled, 0);
                frames += emit(sink, rows, features.push(resampled, 0, m, rows, 0));
            }
            return frames + emit(sink, rows, features.flush(rows, 0));
        }

        /** The passes after the first, from the rows it kept; @return frames handed to the sink */
        long replay(RowSink sink) throws IOException {
            long frames = 0;
            for (int n; (n = features.replay(rows, 0, REPLAY_ROWS)) >= 0; ) {
                frames += emit(sink, rows, n);
            }
            return frames;
        }
    }

    private static int emit(RowSink sink, float[] rows, int frames) throws IOException {
        if (frames > 0) {
            sink.rows(rows, frames);
        }
        return frames;
    }

    /**
     * Decodes the file (mono mix), applies the spec's offset/duration, resamples to the spec's rate with its res_type
     * (librosa.load) and computes the features.
     */
    static FeatureMatrix compute(Map<String, Object> spec, Path file) throws IOException {
        return compute(spec, file, 0);
    }

    /** {@link #compute(Map, Path)} of audio track {@code track} (from 0). */
    static FeatureMatrix compute(Map<String, Object> spec, Path file, int track) throws IOException {
        Clip clip = decode(file, track);
        FeaturePipeline pipeline = pipeline(spec, clip.rateHz());
        try {
            return pipeline.computeLoaded(clip.samples(), clip.rateHz());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
