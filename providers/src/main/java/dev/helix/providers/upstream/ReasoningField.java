package dev.helix.providers.upstream;

/** Where a server puts a reasoning model's thinking in an OpenAI chat answer (message or stream delta). */
public enum ReasoningField {
    /** {@code reasoning_content} (llama-server, vLLM, LM Studio, KoboldCpp, TabbyAPI, mistral.rs). */
    REASONING_CONTENT("reasoning_content"),
    /** {@code reasoning} (Ollama's {@code /v1}; its native API uses {@code message.thinking}). */
    REASONING("reasoning"),
    /** Nowhere apart: thinking, if any, stays inside {@code content}. */
    NONE("");

    private final String field;

    ReasoningField(String field) {
        this.field = field;
    }

    /** The JSON field name; empty for {@link #NONE}. */
    public String field() {
        return field;
    }
}
