/** JFreeChart pieces the figures share: custom tick axes, colour scales, styling. Not API. */
package dev.audioml.plot.internal;
