package dev.helix.providers.upstream;

/** How a server lists its models. */
public enum ListingFormat {
    /** {@code {"object":"list","data":[{"id","owned_by",...}]}}, with per-server extras (context length, status). */
    OPENAI_MODELS,
    /** Ollama's {@code /api/tags} ({@code {"models":[{"name",...}]}}), loaded ones from {@code /api/ps}. */
    OLLAMA_TAGS,
    /** LM Studio's {@code /api/v0/models}: {@code data[]} with {@code state} and {@code max_context_length}. */
    LM_STUDIO_V0,
    /** KoboldAI's {@code /api/v1/model}: {@code {"result":"<owner>/<name>"}}, the one loaded model. */
    KOBOLD_MODEL
}
