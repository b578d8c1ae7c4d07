/**
 * OSC output over UDP: {@link dev.audioml.sinks.osc.OscSink} in the workshop's format ({@code /neuralnet2} with
 * Python-list strings, {@link dev.audioml.sinks.osc.WorkshopFormat}) or AudioML's typed address space, and
 * {@link dev.audioml.sinks.osc.WekinatorSink} ({@code /wek/inputs}). Built on JavaOSC; sending runs on its own thread.
 *
 * @since 0.1
 */
package dev.audioml.sinks.osc;
