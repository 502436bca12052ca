package dev.helix.protocol;

/** HTTP headers of Helix's own, on both sides of a request one Helix sends another. */
public final class HelixHeaders {
    /**
     * Set on every request Helix sends to another server. A Helix that receives it serves the request with its own
     * models only, so two Helixes that name each other as providers (or discover each other) never pass a request
     * round in a loop.
     */
    public static final String FORWARDED = "X-Helix-Forwarded";

    private HelixHeaders() {
    }
}
