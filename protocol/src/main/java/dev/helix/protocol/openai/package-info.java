/**
 * OpenAI's API as records: what clients send to {@code /v1/chat/completions}, {@code /v1/completions} and
 * {@code /v1/embeddings}, and what compatible servers (Helix, llama-server, vLLM, LM Studio, Ollama's {@code /v1})
 * answer, streamed or not. Read and write them with {@link dev.helix.protocol.WireJson}.
 */
package dev.helix.protocol.openai;
