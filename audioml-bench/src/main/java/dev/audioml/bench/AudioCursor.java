package dev.audioml.bench;

/**
 * Walks through a signal in steps of a fixed length, wrapping to its start, so that every benchmark op reads new audio
 * (a hop, a chunk, a block) without allocating.
 *
 * <p>Not thread-safe: one per benchmark state.
 *
 * @since 0.1
 */
public final class AudioCursor {
    private final int signalSamples;
    private final int stepSamples;
    private int position;

    /**
     * @param signalSamples length of the signal walked through
     * @param stepSamples samples per step, in [1, signalSamples]
     */
    public AudioCursor(int signalSamples, int stepSamples) {
        if (stepSamples < 1 || stepSamples > signalSamples) {
            throw new IllegalArgumentException("stepSamples must be in [1, " + signalSamples + "] (signalSamples), got "
                    + stepSamples);
        }
        this.signalSamples = signalSamples;
        this.stepSamples = stepSamples;
    }

    /** @return the offset of the next step's first sample; the step fits in the signal */
    public int next() {
        if (position + stepSamples > signalSamples) {
            position = 0;
        }
        int at = position;
        position += stepSamples;
        return at;
    }
}
