package dev.helix.runtime.llamacpp;

import dev.helix.runtime.gguf.GgufMetadata;

/**
 * The fill-in-the-middle token ids a GGUF header names, -1 where it names none: prefix, suffix and middle (which
 * fill-in-the-middle needs), and the repo and file separators (which llama-server's infill prompt adds when present).
 */
record FimTokens(int pre, int suf, int mid, int rep, int sep) {
    static final FimTokens NONE = new FimTokens(-1, -1, -1, -1, -1);

    static FimTokens of(GgufMetadata m) {
        return new FimTokens(m.fimTokenId("pre"), m.fimTokenId("suf"), m.fimTokenId("mid"), m.fimTokenId("rep"),
                m.fimTokenId("sep"));
    }
}
