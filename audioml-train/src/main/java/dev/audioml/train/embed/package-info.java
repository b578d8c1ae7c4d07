/**
 * Embedding backbones behind one interface ({@code logmel-stats}, {@code oww-embedding}), their poolings, the on-disk
 * embedding cache, and the feature provider that makes exported models self-describing.
 *
 * @since 0.1
 */
package dev.audioml.train.embed;
