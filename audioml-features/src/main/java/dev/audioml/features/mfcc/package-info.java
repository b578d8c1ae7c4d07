/**
 * MFCC: DCT-II of log-mel frames with librosa's lifter.
 *
 * @since 0.1
 */
package dev.audioml.features.mfcc;
