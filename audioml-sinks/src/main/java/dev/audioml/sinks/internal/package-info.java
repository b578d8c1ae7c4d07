/**
 * Internal: not API, may change in any release. The non-blocking delivery queue behind the network and device sinks,
 * and the OSC sender.
 */
package dev.audioml.sinks.internal;
