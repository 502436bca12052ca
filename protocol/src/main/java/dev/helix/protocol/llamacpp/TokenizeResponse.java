package dev.helix.protocol.llamacpp;

import java.util.List;

/** {@code POST /tokenize}'s answer: the token ids, or {@link WithPieces} when the request asked for pieces. */
public record TokenizeResponse(int[] tokens) {

    public record WithPieces(List<Piece> tokens) {}

    public record Piece(int id, String piece) {}
}
