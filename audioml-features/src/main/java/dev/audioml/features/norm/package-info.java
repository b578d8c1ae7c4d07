/**
 * Feature standardisation (CMVN) with stored statistics.
 *
 * @since 0.1
 */
package dev.audioml.features.norm;
