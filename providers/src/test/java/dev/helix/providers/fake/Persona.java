package dev.helix.providers.fake;

import dev.helix.providers.upstream.ServerKind;

/**
 * The wire manners of one kind of server that its profile does not need to know: its {@code Server} header, its JSON
 * content type, its 404 answer, whether it checks the key before routing (a middleware or proxy) or only on the
 * routes it has (a FastAPI dependency), and the version it reports.
 */
record Persona(String serverHeader, String jsonType, int notFoundStatus, String notFoundType, String notFoundBody,
               boolean authBeforeRouting, String version) {

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String FASTAPI_404 = "{\"detail\":\"Not Found\"}";

    static Persona of(ServerKind kind) {
        return switch (kind) {
            // llama-server b4980: ../shared/reference/wire/llama-server-b4980/not-found.*
            case LLAMA_SERVER -> new Persona("llama.cpp", "application/json; charset=utf-8", 404,
                    "application/json; charset=utf-8",
                    "{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}", false, "b4980");
            // Go's net/http NotFound
            case OLLAMA -> new Persona("", JSON, 404, TEXT, "404 page not found", false, "0.12.6");
            case VLLM -> new Persona("uvicorn", JSON, 404, JSON, FASTAPI_404, true, "0.11.0");
            case FASTCHAT, TEXT_GENERATION_WEBUI -> new Persona("uvicorn", JSON, 404, JSON, FASTAPI_404, false, "");
            case TABBYAPI -> new Persona("uvicorn", JSON, 404, JSON, FASTAPI_404, false, "");
            // echo's default 404
            case LOCALAI -> new Persona("", JSON, 404, JSON, "{\"message\":\"Not Found\"}", true, "v3.7.0");
            case LM_STUDIO -> new Persona("", JSON, 404, JSON,
                    "{\"error\":\"Unexpected endpoint or method.\"}", false, "0.3.30");
            // jan proxy.rs: unknown paths "Not Found"; the key is checked before routing
            case JAN -> new Persona("", JSON, 404, TEXT, "Not Found", true, "");
            // koboldcpp.py do_GET: the 404 text
            case KOBOLDCPP -> new Persona("KoboldCppServer", JSON, 404, TEXT,
                    "Error: HTTP Server is running, but this endpoint does not exist. Please check the URL.", false, "1.98");
            case GPT4ALL -> new Persona("", JSON, 404, TEXT, "", false, "");
            case MLX -> new Persona("BaseHTTP/0.6 Python/3.12", JSON, 404, TEXT, "Not Found", false, "");
            case MISTRALRS -> new Persona("", JSON, 404, TEXT, "", false, "");
            case OPENAI_COMPATIBLE -> new Persona("", JSON, 404, JSON,
                    "{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\",\"param\":null,"
                            + "\"code\":null}}", false, "");
            case HELIX -> new Persona("", JSON, 404, JSON,
                    "{\"error\":{\"message\":\"Not found\",\"type\":\"not_found_error\",\"param\":null,\"code\":null}}",
                    true, "0.1.0");
        };
    }
}
