/**
 * KoboldAI's native generation API, as KoboldAI United and KoboldCpp (and TabbyAPI, imitating it) serve it, as
 * records: the body of {@code POST /api/v1/generate} and {@code POST /api/extra/generate/stream}, the whole answer
 * ({@code {"results":[{"text"}]}}) and one streamed event's data ({@code {"token","finish_reason"}}). A prompt in, text
 * out: the API has no chat and no model field (a server has one model loaded).
 */
package dev.helix.protocol.kobold;
