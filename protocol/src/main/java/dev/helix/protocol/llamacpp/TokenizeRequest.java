package dev.helix.protocol.llamacpp;

/**
 * {@code POST /tokenize}: {@code content}, {@code add_special} (BOS), {@code with_pieces} (each token's text);
 * {@code model} is Helix's addition, for a server with more than one.
 */
public record TokenizeRequest(String model, String content, Boolean addSpecial, Boolean withPieces) {}
