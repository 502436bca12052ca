package dev.helix.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.server.anthropic.AnthropicErrors;
import dev.helix.server.anthropic.MessagesRoutes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a URI too long, a path Jetty cannot decode, a header too large) in the APIs' JSON instead of
 * Jetty's HTML page: Ollama's shape under {@code /api}, OpenAI's elsewhere, also when the request could not even be
 * read far enough to know its path; Anthropic's under {@code /v1/messages}.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper json;

    JsonErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? ""
                : request.getHttpURI().getPath();
        ApiFailure failure = failure(code, message);
        Object body = path.startsWith("/api") || path.equals("/") ? failure.ollamaError()
                : MessagesRoutes.owns(path) ? AnthropicErrors.of(failure).body() : failure.openAiError();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(body)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        try {
            return ByteBuffer.wrap(json.writeValueAsBytes(failure(status, reason).openAiError()));
        } catch (IOException e) {
            return ByteBuffer.wrap(("{\"error\":{\"message\":\"" + status + "\"}}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static ApiFailure failure(int code, String message) {
        String reason = message != null && !message.isBlank() ? message : HttpStatus.getMessage(code);
        return new ApiFailure(code, reason, code >= 500 ? "server_error" : "invalid_request_error", null, null,
                null);
    }
}
