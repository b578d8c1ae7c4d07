package dev.audioml.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.audioml.core.AudioMLException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One direct float buffer sized for the largest batch, and the tensors that view its first {@code n} streams' worth
 * with the batch axis set to {@code n}, each made on first use and kept: writing the buffer changes the next run's
 * input (or, pinned as an output, ONNX Runtime writes into it) without a new tensor.
 *
 * <p>Internal: not API. Not thread-safe: confine to the batcher's inference thread.
 */
public final class BatchedTensor implements AutoCloseable {
    private final FloatBuffer buffer;
    private final long[] shape;
    private final int batchAxis;
    private final int perStream;
    private final OnnxTensor[] bySize;
    private boolean closed;

    /**
     * @param maxBatch the largest batch
     * @param batchAxis the axis that counts streams
     * @param shape the shape of one stream's slice (its value on {@code batchAxis} is ignored)
     */
    public BatchedTensor(int maxBatch, int batchAxis, long... shape) {
        this.shape = shape.clone();
        this.batchAxis = batchAxis;
        this.shape[batchAxis] = 1;
        long n = 1;
        for (long d : this.shape) {
            n *= d;
        }
        this.perStream = Math.toIntExact(n);
        this.buffer = OrtSessions.directFloats(Math.multiplyExact(perStream, maxBatch));
        this.bySize = new OnnxTensor[maxBatch + 1];
    }

    /** @return the whole buffer (absolute puts and gets only: its position is left alone by this class) */
    public FloatBuffer buffer() {
        return buffer;
    }

    /**
     * @param n streams in the batch, in [1, maxBatch]
     * @return the tensor of shape {@code shape} with {@code n} on the batch axis, over the buffer's first values
     */
    public OnnxTensor tensor(int n) {
        OnnxTensor t = bySize[n];
        if (t == null) {
            long[] s = shape.clone();
            s[batchAxis] = n;
            FloatBuffer view = buffer.duplicate().position(0).limit(n * perStream).slice();
            try {
                t = OnnxTensor.createTensor(OrtAccess.environment(), view, s);
            } catch (OrtException e) {
                throw new AudioMLException("cannot allocate a tensor of shape " + Arrays.toString(s) + ": " + e.getMessage(), e);
            }
            bySize[n] = t;
        }
        return t;
    }

    /** Closes every tensor made. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (OnnxTensor t : bySize) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
