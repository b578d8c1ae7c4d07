/**
 * Microphone capture through Java Sound: {@link dev.audioml.capture.mic.CaptureDevices} lists devices and their
 * formats, {@link dev.audioml.capture.mic.MicrophoneSource} is a live mono float
 * {@link dev.audioml.core.Source}; {@link dev.audioml.capture.mic.NoCaptureDeviceException} says clearly when no
 * device exists.
 *
 * @since 0.1
 */
package dev.audioml.capture.mic;
