/**
 * MIDI output with {@code javax.sound.midi}: a JSON mapping from labels to notes (gated on the window scores:
 * note-on where a detection starts, note-off where it ends, velocity from the score) or control changes (a label's
 * smoothed score), sent to a MIDI output device or written as a Standard MIDI File with events at their true times.
 *
 * @since 0.1
 */
package dev.audioml.sinks.midi;
