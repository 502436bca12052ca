package dev.helix.providers.upstream;

/** An API a server speaks for generation. */
public enum Dialect {
    /** {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/models}; SSE streams ending in {@code [DONE]}. */
    OPENAI,
    /** Ollama's {@code /api/chat}, {@code /api/generate}, {@code /api/tags}; NDJSON streams ending in {@code done:true}. */
    OLLAMA,
    /**
     * KoboldAI's {@code POST /api/v1/generate} ({@code {"results":[{"text"}]}}) and KoboldCpp's
     * {@code POST /api/extra/generate/stream} (SSE {@code event: message} + {@code data: {"token":...}}).
     */
    KOBOLD_NATIVE
}
