package dev.helix.benchmarks.load;

import java.io.InputStream;
import java.util.Locale;

/** Which wire protocol the load tool speaks to the server under test. */
public enum Api {
    /** {@code POST /v1/chat/completions} with {@code stream:true} (SSE): Helix, llama-server, vLLM, Ollama's /v1. */
    OPENAI("/v1/chat/completions"),
    /** {@code POST /api/chat} with {@code stream:true} (NDJSON): Helix, Ollama. */
    OLLAMA("/api/chat");

    private final String path;

    Api(String path) {
        this.path = path;
    }

    /** The chat endpoint, relative to the server's base URL. */
    public String path() {
        return path;
    }

    /** A parser for one response stream of this protocol. */
    public StreamParser parser(InputStream body) {
        return this == OPENAI ? new SseParser(body) : new NdjsonParser(body);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
