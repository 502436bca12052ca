package dev.helix.providers.upstream;

/**
 * The external LLM servers Helix can front. What tells them apart on the wire (ports, paths, probes, auth, error
 * bodies, stream framing, fingerprints) is data in each one's {@link ServerProfile}, see {@link ServerProfiles}.
 */
public enum ServerKind {
    OLLAMA,
    VLLM,
    LOCALAI,
    /** FastChat's {@code openai_api_server}. */
    FASTCHAT,
    /** oobabooga's text-generation-webui started with {@code --api}. */
    TEXT_GENERATION_WEBUI,
    LM_STUDIO,
    JAN,
    /** KoboldCpp, and KoboldAI United (native API only). */
    KOBOLDCPP,
    /** The GPT4All desktop app's local server. */
    GPT4ALL,
    TABBYAPI,
    /** {@code mlx_lm.server}. */
    MLX,
    /** {@code mistralrs serve}. */
    MISTRALRS,
    /** llama.cpp's own {@code llama-server}. */
    LLAMA_SERVER,
    /** Another Helix. */
    HELIX,
    /**
     * Any other server that speaks OpenAI's API, configured by hand ({@code type: openai}): no fingerprint and no port
     * of its own, so discovery never reports one.
     */
    OPENAI_COMPATIBLE
}
