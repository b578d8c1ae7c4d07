/**
 * Reading and validating feature specs (librosa's keyword names, parsed from JSON into maps).
 *
 * @since 0.1
 */
package dev.audioml.features.spec;
