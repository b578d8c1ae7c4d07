package dev.audioml.onnx.silero;

import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.batch.BatchPolicy;
import dev.audioml.onnx.batch.StreamBatcher;
import dev.audioml.onnx.internal.Batchers;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import dev.audioml.onnx.write.OnnxModelEditor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loaded Silero VAD v5 model ({@code silero_vad_v5.onnx}, inputs {@code input}, {@code state} {@code [2,1,128]},
 * {@code sr} int64 scalar; outputs {@code output}, {@code stateN}), shared by any number of {@link SileroVad} streams.
 *
 * <p>The model branches on {@code sr} (an {@code If} between its 16 kHz and 8 kHz subgraphs). By default each
 * sample rate gets its own session on a copy of the model in which {@code sr} is a constant
 * ({@link OnnxModelEditor#freezeInput}), so ONNX Runtime's constant folding inlines the taken branch when the session
 * loads and no run pays for the {@code If}. The probabilities equal those of the unedited model (see
 * {@code SileroVadTest}). The 16 kHz session is made by {@link #open}, the 8 kHz one by the first 8 kHz stream.
 *
 * <p>Thread-safe: one model may serve streams on several threads; each stream keeps its own recurrent state.
 *
 * @since 0.1
 */
public final class SileroVadModel implements AutoCloseable {
    static final String INPUT = "input";
    static final String STATE = "state";
    static final String SAMPLE_RATE = "sr";
    static final String OUTPUT = "output";
    static final String STATE_OUT = "stateN";

    /** The unedited model's session, when {@code sr} is fed per run; else null. */
    private final OnnxSession plain;
    private final Path path;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile OnnxSession at16k;
    private volatile OnnxSession at8k;
    /**
     * The sessions of {@link StreamBatcher}s: the model rebuilt as a short graph ({@link SileroCompactGraph}), else the
     * folded copy with its Convs as MatMuls ({@link SileroBatchGraph}).
     */
    private volatile OnnxSession batch16k;
    private volatile OnnxSession batch8k;
    /** Whether batch16k / batch8k run {@link SileroCompactGraph}'s rebuild. */
    private volatile boolean compact16k;
    private volatile boolean compact8k;

    private SileroVadModel(OnnxSession plain, Path path) {
        this.plain = plain;
        this.path = path;
    }

    /**
     * Loads and checks the model, with {@code sr} folded into per-rate sessions.
     *
     * @param modelPath path of {@code silero_vad_v5.onnx}
     * @return the model; the caller closes it
     * @throws AudioMLException if the file is not a Silero VAD v5 model (names the missing input/output)
     */
    public static SileroVadModel open(Path modelPath) {
        return open(modelPath, true);
    }

    /**
     * @param modelPath path of {@code silero_vad_v5.onnx}
     * @param foldSampleRate whether to run per-rate copies with {@code sr} a constant (else the unedited model, with
     *     {@code sr} fed on every run, as Silero's {@code OnnxWrapper})
     * @return the model; the caller closes it
     */
    static SileroVadModel open(Path modelPath, boolean foldSampleRate) {
        OnnxSession session = OrtSessions.open(modelPath);
        try {
            requireNames(modelPath, "input", session.inputs(), List.of(INPUT, STATE, SAMPLE_RATE));
            requireNames(modelPath, "output", session.outputs(), List.of(OUTPUT, STATE_OUT));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        if (!foldSampleRate) {
            return new SileroVadModel(session, modelPath);
        }
        session.close();
        SileroVadModel model = new SileroVadModel(null, modelPath);
        try {
            model.prepare(16_000);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void requireNames(Path path, String what, List<TensorSpec> declared, List<String> needed) {
        List<String> names = declared.stream().map(TensorSpec::name).toList();
        for (String n : needed) {
            if (!names.contains(n)) {
                throw new AudioMLException(path + " is not a Silero VAD v5 model: it lacks " + what + " \"" + n
                        + "\"; model declares " + names);
            }
        }
    }

    /**
     * Starts a new stream with zero state and zero context.
     *
     * @param sampleRateHz 16000 or 8000
     * @return a per-stream classifier; closing it does not close this model
     */
    public SileroVad newStream(int sampleRateHz) {
        return new SileroVad(this, sampleRateHz, false);
    }

    /**
     * Starts a batcher that scores many streams' chunks in shared model runs (each stream's {@code state} and context
     * stacked along the batch axis); each {@link StreamBatcher#newStream()} behaves as {@link #newStream(int)}.
     * Batches of more than two windows run a copy of the model whose convolutions are one MatMul over the batch (the
     * same scores within float rounding); the first batcher of a sample rate makes that copy (about 2 s, once per
     * model and rate).
     *
     * @param sampleRateHz 16000 or 8000
     * @param policy batch size and wait
     * @return the batcher (with its own inference thread), owned by the caller, who closes it before this model
     * @since 0.1
     */
    public StreamBatcher newBatcher(int sampleRateHz, BatchPolicy policy) {
        if (closed.get()) {
            throw new IllegalStateException("SileroVadModel is closed");
        }
        return Batchers.start(new SileroBatchKernel(this, sampleRateHz, policy.maxBatch()), policy, "silero-vad");
    }

    /** @return whether streams feed {@code sr} on each run (the unedited model) */
    boolean feedsSampleRate() {
        return plain != null;
    }

    /** Makes the session of a sample rate (16000 or 8000) if it does not exist yet. */
    synchronized void prepare(int sampleRateHz) {
        if (closed.get()) {
            throw new IllegalStateException("SileroVadModel is closed");
        }
        if (plain != null || (sampleRateHz == 16_000 ? at16k : at8k) != null) {
            return;
        }
        OnnxSession session = OrtSessions.open(folded(sampleRateHz), path + " (sr = " + sampleRateHz + ")");
        if (sampleRateHz == 16_000) {
            at16k = session;
        } else {
            at8k = session;
        }
    }

    /** @return the model with {@code sr} frozen to {@code sampleRateHz} */
    private byte[] folded(int sampleRateHz) {
        try {
            return OnnxModelEditor.read(path).freezeInput(SAMPLE_RATE, new long[] {sampleRateHz}).toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Silero VAD model " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the batch session of a sample rate if it does not exist yet: the model rebuilt as a short graph
     * ({@link SileroCompactGraph}) where it applies, else the folded model with its convolutions as one MatMul over the
     * batch ({@link SileroBatchGraph}); the unedited model's session where {@code sr} is fed.
     */
    synchronized void prepareBatch(int sampleRateHz) {
        prepare(sampleRateHz);
        if (plain != null || (sampleRateHz == 16_000 ? batch16k : batch8k) != null) {
            return;
        }
        String name = path + " (sr = " + sampleRateHz + ", batched)";
        int samples = sampleRateHz == 16_000 ? 64 + 512 : 32 + 256;
        SileroBatchGraph.BatchModel batch = SileroBatchGraph.batchModel(folded(sampleRateHz), name, samples);
        OnnxSession session = OrtSessions.open(batch.bytes(), name);
        if (sampleRateHz == 16_000) {
            compact16k = batch.compact();
            batch16k = session;
        } else {
            compact8k = batch.compact();
            batch8k = session;
        }
    }

    /** @return whether the batch session of {@code sampleRateHz} runs the compact rebuild (after {@link #prepareBatch}) */
    boolean batchIsCompact(int sampleRateHz) {
        return plain == null && (sampleRateHz == 16_000 ? compact16k : compact8k);
    }

    /** @return the session that runs batches of streams at {@code sampleRateHz} (after {@link #prepareBatch}) */
    OrtSession batchSession(int sampleRateHz) {
        if (closed.get()) {
            throw new IllegalStateException("SileroVadModel is closed");
        }
        return OrtAccess.ort(plain != null ? plain : sampleRateHz == 16_000 ? batch16k : batch8k);
    }

    /** @return the session that runs streams at {@code sampleRateHz} (after {@link #prepare}) */
    OrtSession session(int sampleRateHz) {
        if (closed.get()) {
            throw new IllegalStateException("SileroVadModel is closed");
        }
        return OrtAccess.ort(plain != null ? plain : sampleRateHz == 16_000 ? at16k : at8k);
    }

    /** @return the model file */
    public Path path() {
        return path;
    }

    /** Releases the sessions. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                for (OnnxSession s : new OnnxSession[] {plain, at16k, at8k, batch16k, batch8k}) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
        }
    }
}
