package dev.helix.provider;

import java.util.List;
import java.util.Objects;

/**
 * One generated token's log-probability and, when asked for, the most likely tokens at its position.
 *
 * @param token   the token's text (a token that ends inside a UTF-8 character reads with a replacement character;
 *                {@code bytes} are exact)
 * @param bytes   the token's bytes
 * @param logprob natural log of its probability, at most 0
 * @param top     the most likely tokens at this position, most likely first (each with an empty {@code top})
 */
public record TokenLogprob(String token, byte[] bytes, double logprob, List<TokenLogprob> top) {
    public TokenLogprob {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(bytes, "bytes");
        top = top == null ? List.of() : List.copyOf(top);
    }
}
