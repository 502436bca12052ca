/**
 * Stream framing, both ways: {@link dev.helix.protocol.stream.SseWriter} and
 * {@link dev.helix.protocol.stream.NdjsonWriter} write what a server streams; the readers parse what a client
 * receives, one event or line at a time as the bytes arrive.
 */
package dev.helix.protocol.stream;
