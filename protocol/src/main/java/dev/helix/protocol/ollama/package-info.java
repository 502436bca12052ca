/**
 * Ollama's native API ({@code /api/...}) as records: chat, generate and embed requests, the streamed lines and last
 * object of an answer (durations in nanoseconds), tags, ps, show, version and the error body. Read and write them
 * with {@link dev.helix.protocol.WireJson}.
 */
package dev.helix.protocol.ollama;
