/**
 * Internal helpers of the pretrained-model packages (session creation). Not API: may change in any release.
 *
 * @since 0.1
 */
package dev.audioml.onnx.internal;
