/** Test helpers shared through the sinks test-jar: a real OSC receiver. */
package dev.audioml.sinks.testing;
