package dev.helix.protocol.llamacpp;

/** {@code POST /detokenize}'s answer: the tokens' text. */
public record DetokenizeResponse(String content) {}
