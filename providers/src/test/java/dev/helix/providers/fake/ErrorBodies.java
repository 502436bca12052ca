package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.ErrorShape;
import dev.helix.providers.upstream.ServerKind;

/** Error answers as each server writes them: the status it really uses, its content type and its body. */
final class ErrorBodies {
    /** An error answer. */
    record Body(int status, String contentType, String text) {
    }

    /** JSON, in the content type the server gives its JSON (see {@link Persona#jsonType()}). */
    static final String JSON = "application/json";

    private ErrorBodies() {
    }

    /** An error of this shape from this kind of server. */
    static Body of(ServerKind kind, ErrorShape shape, int status, String message) {
        return switch (shape) {
            case OPENAI_OBJECT -> new Body(status, JSON, Json.write(openAi(kind, status, message)));
            case ERROR_STRING -> new Body(status, JSON, Json.write(Json.object().put("error", message)));
            // FastChat's create_error_response: always HTTP 400, the kind of error in its own code
            case FASTCHAT_FLAT -> new Body(400, JSON, Json.write(Json.object().put("object", "error")
                    .put("message", message).put("code", status >= 500 ? 50001 : status == 404 ? 40301 : 40302)));
            case DETAIL -> new Body(status, JSON, Json.write(detail(kind, status, message)));
            case PLAIN_TEXT -> new Body(status, "text/plain; charset=utf-8", message);
            case NONE -> new Body(status, "text/plain; charset=utf-8", "");
        };
    }

    /** The answer to a request without the right key, word for word where the source says it. */
    static Body unauthorized(ServerKind kind, ErrorShape shape, boolean keyGiven) {
        return switch (kind) {
            // vllm server_utils.py AuthenticationMiddleware
            case VLLM -> of(kind, shape, 401, "Unauthorized");
            // fastchat openai_api_server.py check_api_key
            case FASTCHAT -> new Body(401, JSON, Json.write(Json.object().set("detail", Json.object().set("error",
                    Json.object().put("message", "").put("type", "invalid_request_error").putNull("param")
                            .put("code", "invalid_api_key")))));
            // text-generation-webui script.py verify_api_key
            case TEXT_GENERATION_WEBUI -> new Body(401, JSON, "{\"detail\":\"Unauthorized\"}");
            // jan proxy.rs
            case JAN -> of(kind, shape, 401, keyGiven ? "Invalid or missing authorization token"
                    : "Missing authorization header");
            // koboldcpp.py: password check
            case KOBOLDCPP -> new Body(401, JSON, Json.write(Json.object().set("detail", Json.object()
                    .put("error", "Unauthorized").put("msg", "Authentication key is missing or invalid.")
                    .put("type", "unauthorized"))));
            // tabbyAPI common/auth.py check_api_key, through common/openai_error.py
            case TABBYAPI -> of(kind, shape, 401, keyGiven ? "Invalid API key" : "Please provide an API key");
            case LOCALAI -> of(kind, shape, 401, "An authentication key is required");
            case LLAMA_SERVER -> new Body(401, JSON,
                    "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":\"authentication_error\"}}");
            default -> of(kind, shape, 401, "Invalid API key");
        };
    }

    /** llama-server (and Jan and LocalAI, after it) put the status in {@code code}; the others follow OpenAI. */
    private static ObjectNode openAi(ServerKind kind, int status, String message) {
        String type = status == 401 ? "authentication_error" : status == 404 ? "not_found_error"
                : status >= 500 ? "server_error" : "invalid_request_error";
        ObjectNode error = switch (kind) {
            case LLAMA_SERVER, JAN, LOCALAI -> Json.object().put("code", status).put("message", message).put("type", type);
            default -> Json.object().put("message", message).put("type", type).putNull("param").putNull("code");
        };
        return (ObjectNode) Json.object().set("error", error);
    }

    /** FastAPI: {@code {"detail":"..."}}; KoboldCpp: {@code {"detail":{"msg","type"}}}. */
    private static ObjectNode detail(ServerKind kind, int status, String message) {
        if (kind == ServerKind.KOBOLDCPP) {
            String type = status == 503 ? "service_unavailable" : status >= 500 ? "server_error" : "bad_input";
            return (ObjectNode) Json.object().set("detail", Json.object().put("msg", message).put("type", type));
        }
        return Json.object().put("detail", message);
    }
}
