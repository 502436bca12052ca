package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * The one table from what an upstream answered to what the routing does with it: 400/422 refuse the request
 * (never retried: another backend would refuse it too), 404 "no such model" (the next backend may have it),
 * 408/429/503 busy (retried elsewhere, with the server's Retry-After), other statuses and transport failures
 * failed (retried, then counted against the backend's breaker). The message is read from every error body shape
 * the servers use ({@code {"error":{"message"}}}, {@code {"error":"..."}}, FastChat's {@code {"message"}},
 * FastAPI's {@code {"detail"}} and its validation errors' {@code {"detail":[{"msg"}]}}, KoboldCpp's
 * {@code {"detail":{"msg","type"}}}, plain text) and always names the backend.
 */
final class UpstreamErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 300;

    private UpstreamErrors() {
    }

    static ProviderException of(UpstreamEndpoint endpoint, int status, String body, Optional<String> retryAfter,
                                String model) {
        String message = endpoint.id() + " answered " + status + ": " + message(body);
        int fastChat = fastChatCode(body);
        if (fastChat == 40301) {
            return new ModelNotFoundException(model); // FastChat: every error is HTTP 400 with a code of its own
        }
        if (fastChat >= 50000) {
            return new ProviderFailedException(message);
        }
        return switch (status) {
            case 400, 422 -> new InvalidRequestException(message);
            case 404 -> looksLikeMissingModel(body) ? new ModelNotFoundException(model)
                    : new ProviderFailedException(message);
            case 408, 429, 503 -> new ProviderBusyException(message, retryAfter(retryAfter));
            default -> new ProviderFailedException(message);
        };
    }

    /** A failure to reach the server or to hear from it in time. */
    static ProviderFailedException transport(UpstreamEndpoint endpoint, IOException e) {
        String what = switch (e) {
            case HttpConnectTimeoutException t -> "did not accept a connection within " + words(endpoint.timeout());
            case ConnectTimeoutException t -> "did not accept a connection within " + words(endpoint.timeout());
            case ConnectionRequestTimeoutException t -> "had no free connection within " + words(endpoint.timeout());
            case SocketTimeoutException t -> "did not answer within " + words(endpoint.timeout());
            case NoHttpResponseException t -> "closed the connection without answering";
            case ConnectException c -> "refused the connection";
            case HttpTimeoutException t -> t.getMessage() != null && t.getMessage().contains("sent nothing")
                    ? t.getMessage().replace(endpoint.describe(), "").strip()
                    : "did not answer within " + words(endpoint.timeout());
            default -> "failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        };
        return new ProviderFailedException(endpoint.describe() + " " + what);
    }

    /** A timeout in words: "30 s", or "300 ms" where whole seconds would say "0 s". */
    static String words(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** The human part of an error body, whatever its shape. */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode node = JSON.readTree(body);
            for (JsonNode candidate : new JsonNode[] {node.path("error").path("message"), node.path("error"),
                    node.path("message"), node.path("detail").path("message"), node.path("detail").path("msg"),
                    node.path("detail").path(0).path("msg"), node.path("detail")}) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return cut(candidate.asText());
                }
                if (candidate.isContainerNode() && candidate != node.path("error")) {
                    return cut(candidate.toString());
                }
            }
            return cut(body.strip());
        } catch (IOException e) {
            return cut(body.strip());
        }
    }

    private static boolean looksLikeMissingModel(String body) {
        String text = message(body).toLowerCase(java.util.Locale.ROOT);
        return text.contains("model") && (text.contains("not found") || text.contains("does not exist")
                || text.contains("no such"));
    }

    /** FastChat's own error code ({@code {"object":"error","code":40301}}), or 0 for other bodies. */
    private static int fastChatCode(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return "error".equals(node.path("object").asText()) ? node.path("code").asInt() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Duration retryAfter(Optional<String> header) {
        try {
            return header.map(String::strip).map(Long::parseLong).map(Duration::ofSeconds).orElse(Duration.ofSeconds(1));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
