/**
 * OpenAI's Responses API ({@code POST /v1/responses}) as records: the request clients send, the response object, its
 * output items and the named server-sent events of a streamed response. Read and write them with
 * {@link dev.helix.protocol.WireJson}.
 */
package dev.helix.protocol.openai.responses;
