/**
 * Ready-made {@link dev.audioml.core.Source}s that need nothing but the JDK, through the
 * {@link dev.audioml.core.source.Sources} factory (files and microphones live in {@code audioml-capture}).
 */
package dev.audioml.core.source;
