/**
 * The wire protocols Helix answers and calls: {@link dev.helix.protocol.openai OpenAI}'s,
 * {@link dev.helix.protocol.ollama Ollama}'s, {@link dev.helix.protocol.llamacpp llama-server}'s and
 * {@link dev.helix.protocol.kobold KoboldAI}'s request and response records, their
 * {@link dev.helix.protocol.stream stream framing} (SSE and NDJSON, written and read), and {@link WireJson}, the
 * one JSON configuration they are read and written with. Jackson only: no server, no runtime, no native code.
 */
package dev.helix.protocol;
