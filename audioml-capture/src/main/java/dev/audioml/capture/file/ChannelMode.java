package dev.audioml.capture.file;

/**
 * How a multi-channel file becomes the mono stream a {@link dev.audioml.core.Source} delivers: the mean of all
 * channels ({@link #MIX}, the default) or one selected channel.
 *
 * <p>Immutable and thread-safe.
 *
 * @param channelIndex the zero-based channel to select, or -1 for the mean of all channels
 * @since 0.1
 */
public record ChannelMode(int channelIndex) {

    /** The mean of all channels (what librosa's {@code to_mono} computes). */
    public static final ChannelMode MIX = new ChannelMode(-1);

    /** Validates the index. */
    public ChannelMode {
        if (channelIndex < -1) {
            throw new IllegalArgumentException("channelIndex must be >= 0 (or -1 for the mix), got " + channelIndex);
        }
    }

    /**
     * @param index zero-based channel index, at least 0
     * @return a mode that selects that channel
     */
    public static ChannelMode channel(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("channel index must be >= 0, got " + index);
        }
        return new ChannelMode(index);
    }

    /** @return true for the mean of all channels */
    public boolean isMix() {
        return channelIndex < 0;
    }

    @Override
    public String toString() {
        return isMix() ? "mix" : "channel " + channelIndex;
    }
}
