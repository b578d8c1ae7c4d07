package dev.audioml.core.pipeline;

/**
 * The stages a pipeline times separately, so a user sees where the time goes ({@link PipelineStats#stage}).
 *
 * @since 0.1
 */
public enum Stage {
    /** Live sources only: from a block being captured to the processing thread taking it off the queue (per block). */
    CAPTURE_BUFFERING,
    /** Resampling one block to the pipeline rate (per block; only when the source rate differs). */
    RESAMPLING,
    /** The feature extractor on one window. */
    FEATURES,
    /** The classifier (model inference) on one window. */
    INFERENCE,
    /** The post-processor on one window's scores. */
    POST_PROCESSING,
    /** Handing one window's results (and any events) to every sink. */
    SINK_DELIVERY,
    /**
     * From the capture (or, for non-live sources, the read) of the block that completed a window to its results
     * leaving the sinks: what a listener waits beyond the window itself.
     */
    END_TO_END
}
