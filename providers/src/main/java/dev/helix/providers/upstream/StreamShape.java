package dev.helix.providers.upstream;

import java.util.Objects;

/**
 * How a server frames a streamed OpenAI chat answer ({@code data: {chunk}} events, then {@code data: [DONE]}).
 *
 * @param supported whether it streams at all ({@code stream:true} is refused otherwise and a client must ask for the
 *                  whole answer and synthesize the stream)
 * @param role      where {@code delta.role} appears
 * @param usage     where token usage appears
 */
public record StreamShape(boolean supported, Role role, Usage usage) {

    public enum Role {
        /** A first chunk {@code delta:{"role":"assistant"}} (with empty or no content) before any text. */
        FIRST_CHUNK,
        /** Every chunk's delta carries {@code role} beside its text (KoboldCpp). */
        EVERY_CHUNK,
        /** Never: chunks carry {@code content} only (llama-server). */
        NONE
    }

    public enum Usage {
        /** A chunk of its own after the finish chunk, {@code choices: []}, when {@code stream_options.include_usage}. */
        SEPARATE_CHUNK,
        /** On the finish chunk itself ({@code finish_reason}, {@code delta:{}}, {@code usage}, {@code timings}). */
        FINISH_CHUNK,
        /** Never in a stream. */
        NONE
    }

    /** OpenAI's own framing: vLLM, LocalAI, LM Studio, TabbyAPI, mistral.rs, text-generation-webui, Ollama's /v1. */
    public static final StreamShape OPENAI = new StreamShape(true, Role.FIRST_CHUNK, Usage.SEPARATE_CHUNK);
    /** llama-server b4980 (../shared/reference/wire/llama-server-b4980/chat-stream.body). */
    public static final StreamShape LLAMA_SERVER = new StreamShape(true, Role.NONE, Usage.FINISH_CHUNK);
    /** FastChat's chat_completion_stream_generator: a role chunk, text chunks, a finish chunk; no usage. */
    public static final StreamShape FASTCHAT = new StreamShape(true, Role.FIRST_CHUNK, Usage.NONE);
    /** KoboldCpp (koboldcpp.py handle_sse_stream): {@code delta:{"role":"assistant","content":...}} in each chunk. */
    public static final StreamShape KOBOLDCPP = new StreamShape(true, Role.EVERY_CHUNK, Usage.NONE);
    /** No streaming (GPT4All answers {@code stream:true} with 400 "'stream' is not supported"). */
    public static final StreamShape NONE = new StreamShape(false, Role.NONE, Usage.NONE);

    public StreamShape {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(usage, "usage");
        if (!supported && (role != Role.NONE || usage != Usage.NONE)) {
            throw new IllegalArgumentException("a server that does not stream has no stream framing");
        }
    }
}
