package dev.helix.protocol.kobold;

/**
 * The data of one {@code event: message} of {@code POST /api/extra/generate/stream}: a piece of text, and on the last
 * event why the generation stopped ({@code "stop"} or {@code "length"}; null before).
 */
public record KoboldToken(String token, String finishReason) {}
