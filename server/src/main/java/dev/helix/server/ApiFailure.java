package dev.helix.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.helix.protocol.ollama.OllamaError;
import dev.helix.protocol.openai.OpenAiError;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import io.javalin.http.HttpResponseException;
import java.time.Duration;

/**
 * A failure as both APIs report it: the HTTP status, a message for people, and the machine-readable parts the
 * OpenAI error body has. {@link #of(Throwable)} is the one table from exceptions to statuses.
 *
 * @param type       OpenAI error type (invalid_request_error, not_found_error, server_error, ...)
 * @param code       OpenAI error code, or null
 * @param param      the request field at fault, or null
 * @param retryAfter for 503 and 429: when to try again, else null
 */
public record ApiFailure(int status, String message, String type, String code, String param, Duration retryAfter) {

    public static ApiFailure of(Throwable error) {
        return switch (error) {
            case InvalidRequestException e -> new ApiFailure(400, e.getMessage(), "invalid_request_error", e.code(),
                    e.param(), null);
            case ModelNotFoundException e -> new ApiFailure(404, e.getMessage(), "invalid_request_error",
                    "model_not_found", "model", null);
            case ModelLoadException e -> new ApiFailure(500, "failed to load the model: " + e.getMessage(),
                    "server_error", "model_load_failed", null, null);
            case ProviderBusyException e -> new ApiFailure(503, e.getMessage(), "server_error", "overloaded", null,
                    e.retryAfter());
            case ProviderFailedException e -> new ApiFailure(500, e.getMessage(), "server_error", null, null, null);
            case UnauthorizedException e -> new ApiFailure(401, e.getMessage(), "authentication_error",
                    "invalid_api_key", null, null);
            case QueueFullException e -> new ApiFailure(429, e.getMessage(), "rate_limit_error", "queue_full", null,
                    Duration.ofSeconds(1));
            case dev.helix.router.pull.PullException e -> new ApiFailure(e.status(), e.getMessage(),
                    e.status() >= 500 ? "server_error" : "invalid_request_error", null, null, null);
            case NotSupportedException e -> new ApiFailure(501, e.getMessage(), "invalid_request_error",
                    "not_implemented", null, null);
            case RequestBodies.BadJsonException e -> badJson((JsonProcessingException) e.getCause());
            case JsonProcessingException e -> badJson(e);
            case HttpResponseException e -> fromJavalin(e);
            // Jetty could not read the request (a broken chunk, a body cut short): the client's fault
            case org.eclipse.jetty.http.HttpException e when e.getCode() >= 400 && e.getCode() < 500 ->
                    new ApiFailure(e.getCode(), "the request could not be read: " + e.getReason(),
                            "invalid_request_error", null, null, null);
            case java.io.IOException e when e.getCause() instanceof org.eclipse.jetty.http.HttpException h
                    && h.getCode() >= 400 && h.getCode() < 500 -> of(e.getCause());
            default -> new ApiFailure(500, "internal error: " + error, "server_error", null, null, null);
        };
    }

    /** This failure in OpenAI's error body. */
    public OpenAiError openAiError() {
        return OpenAiError.of(message, type, param, code);
    }

    /** This failure in Ollama's error body. */
    public OllamaError ollamaError() {
        return new OllamaError(message);
    }

    private static ApiFailure badJson(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            var where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            return new ApiFailure(400, "malformed JSON" + where + ": " + e.getOriginalMessage(),
                    "invalid_request_error", null, null, null);
        }
        String field = fieldPath(mapping);
        String problem = switch (e) {
            case InvalidFormatException f -> "invalid value " + f.getValue();
            case MismatchedInputException m when m.getTargetType() != null ->
                    "expected " + describe(m.getTargetType()) + " but got something else";
            default -> e.getOriginalMessage();
        };
        if (e.getCause() instanceof InvalidRequestException invalid) {
            return new ApiFailure(400, invalid.getMessage(), "invalid_request_error", null,
                    invalid.param() != null ? invalid.param() : field, null);
        }
        return new ApiFailure(400, (field == null ? "request body" : field) + ": " + problem, "invalid_request_error",
                null, field, null);
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** "messages[0].content" for the field Jackson was reading when it failed, or null for the whole body. */
    static String fieldPath(JsonMappingException e) {
        var path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static ApiFailure fromJavalin(HttpResponseException e) {
        String type = switch (e.getStatus()) {
            case 404 -> "not_found_error";
            case 413 -> "invalid_request_error";
            default -> e.getStatus() >= 500 ? "server_error" : "invalid_request_error";
        };
        return new ApiFailure(e.getStatus(), e.getMessage(), type, null, null, null);
    }
}
