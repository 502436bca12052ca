package dev.helix.providers.upstream;

/** The shape of an error body, as each server writes it. */
public enum ErrorShape {
    /**
     * {@code {"error":{"message","type","param","code"}}}: OpenAI, and most servers' {@code /v1} (llama-server puts
     * the HTTP status in {@code code}).
     */
    OPENAI_OBJECT("{\"error\":{\"message\":\"...\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"),
    /** {@code {"error":"..."}}: Ollama's native API; vLLM's 401; mlx_lm.server's 400. */
    ERROR_STRING("{\"error\":\"...\"}"),
    /** {@code {"object":"error","message","code"}} with HTTP 400 and FastChat's own codes ({@code 40301}...). */
    FASTCHAT_FLAT("{\"object\":\"error\",\"message\":\"...\",\"code\":40301}"),
    /** {@code {"detail": ...}}: FastAPI's HTTPException (FastChat's and text-generation-webui's 401) and KoboldCpp. */
    DETAIL("{\"detail\":\"...\"}"),
    /** A plain-text body (Jan's proxy, KoboldCpp's 404). */
    PLAIN_TEXT("..."),
    /** Nothing to say: the server never answers with this kind of error. */
    NONE("");

    private final String example;

    ErrorShape(String example) {
        this.example = example;
    }

    /** A body of this shape, with "..." for the message. */
    public String example() {
        return example;
    }
}
