package dev.helix.providers.upstream;

import java.util.Set;

/** An API a server speaks for generation, and the request fields it has no way to carry at all. */
public enum Dialect {
    /** {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/models}; SSE streams ending in {@code [DONE]}. */
    OPENAI("OpenAI", Set.of()),
    /**
     * Ollama's {@code /api/chat}, {@code /api/generate}, {@code /api/tags}; NDJSON streams ending in {@code done:true}.
     * It has no {@code tool_choice} (a model may always call a tool or not) and no {@code logit_bias}.
     */
    OLLAMA("Ollama", Set.of("tool_choice", "logit_bias")),
    /**
     * KoboldAI's {@code POST /api/v1/generate} ({@code {"results":[{"text"}]}}) and KoboldCpp's
     * {@code POST /api/extra/generate/stream} (SSE {@code event: message} + {@code data: {"token":...}}): a prompt in,
     * text out. No chat, so no tools; no response format, logit bias (KoboldAI United), frequency penalty, suffix or
     * embeddings.
     */
    KOBOLD_NATIVE("KoboldAI", Set.of("tools", "tool_choice", "response_format", "logit_bias", "frequency_penalty",
            "suffix", "embeddings"));

    private final String title;
    private final Set<String> lacks;

    Dialect(String title, Set<String> lacks) {
        this.title = title;
        this.lacks = lacks;
    }

    /** Its name for people: "the Ollama API". */
    public String title() {
        return title;
    }

    /** Request fields (by their OpenAI names) this API cannot carry, whichever server speaks it. */
    public Set<String> lacks() {
        return lacks;
    }
}
