package dev.helix.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where alerts go: the log, or a webhook in one of three shapes. */
sealed interface AlertSink {
    /** The sink's name in metrics and logs: {@code log}, or the type and host of a webhook. */
    String name();

    /**
     * Delivers one alert.
     *
     * @throws RetriableException when trying again may help (no answer, 408, 429, 5xx)
     * @throws IOException        when it will not (another 4xx)
     */
    void send(Alert alert) throws IOException, InterruptedException;

    final class RetriableException extends IOException {
        RetriableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server's own log, at WARN for trouble and INFO for recoveries. */
    record Log() implements AlertSink {
        private static final Logger LOG = LoggerFactory.getLogger("dev.helix.alerts");

        @Override
        public String name() {
            return "log";
        }

        @Override
        public void send(Alert alert) {
            if (alert.severity().equals("resolved")) {
                LOG.info("alert {}: {}", alert.event(), alert.summary());
            } else {
                LOG.warn("alert {}: {}", alert.event(), alert.summary());
            }
        }
    }

    /** An HTTP POST of JSON in the shape {@code type} names: {@code webhook}, {@code slack} or {@code discord}. */
    record Webhook(String type, URI url, Map<String, String> headers, Duration timeout, HttpClient http,
                   ObjectMapper json) implements AlertSink {
        @Override
        public String name() {
            return type + ":" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        }

        @Override
        public void send(Alert alert) throws IOException, InterruptedException {
            Object body = switch (type) {
                case "slack" -> AlertPayloads.slack(alert);
                case "discord" -> AlertPayloads.discord(alert);
                default -> AlertPayloads.generic(alert);
            };
            var request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                    .header("User-Agent", "helix-alerts");
            headers.forEach(request::header);
            HttpResponse<String> response;
            try {
                response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new RetriableException(name() + ": " + e, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return;
            }
            String said = response.body() == null ? "" : response.body().strip();
            String message = name() + " answered HTTP " + status + (said.isEmpty() ? ""
                    : ": " + said.substring(0, Math.min(200, said.length())));
            if (status == 408 || status == 429 || status >= 500) {
                throw new RetriableException(message, null);
            }
            throw new IOException(message);
        }
    }
}
