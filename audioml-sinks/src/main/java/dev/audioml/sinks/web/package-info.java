/**
 * A live web dashboard: {@link dev.audioml.sinks.web.WebDashboard} serves a self-contained page (no CDN; works
 * offline) with the JDK's {@code HttpServer} and pushes each window's scores, level, newest feature column, events and
 * pipeline counters to it over a WebSocket (Java-WebSocket). Pushing runs on its own thread.
 *
 * @since 0.1
 */
package dev.audioml.sinks.web;
