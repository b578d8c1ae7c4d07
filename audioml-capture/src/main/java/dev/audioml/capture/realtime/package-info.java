/**
 * Real-time pacing of any {@link dev.audioml.core.Source}: {@link dev.audioml.capture.realtime.RealtimeFileSource}
 * turns a file into a live source that delivers samples at wall-clock pace, for testing and demonstrating live
 * pipelines without a microphone.
 *
 * @since 0.1
 */
package dev.audioml.capture.realtime;
