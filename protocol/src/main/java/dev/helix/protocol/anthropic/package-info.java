/**
 * Anthropic's Messages API ({@code POST /v1/messages}, {@code /v1/messages/count_tokens}) as records: the request
 * clients send, the message answered, its content blocks, the named server-sent events of a streamed message and
 * the error body. Read and write them with {@link dev.helix.protocol.WireJson}.
 */
package dev.helix.protocol.anthropic;
