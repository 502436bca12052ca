package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.HelixHeaders;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP/1.1 to one upstream, done on the caller's own (virtual) thread: the request is written and the answer read
 * by the thread that serves the client, with blocking socket calls over pooled keep-alive connections (Apache
 * HttpClient's classic API). No selector or executor thread stands between the upstream's bytes and the reader, so
 * a token crosses Helix with one thread wake-up, not three (the JDK client, used before, handed every piece from
 * its selector thread to an executor thread to the reader). The profile's auth header and the configured headers go
 * on every request; a connect timeout, a first-byte timeout and, for streamed bodies, an idle timeout between
 * pieces ({@link BodyStream}) bound every wait. Every failure becomes a
 * {@link dev.helix.provider.ProviderException} through {@link UpstreamErrors}.
 */
final class UpstreamHttp implements AutoCloseable {
    /** Upper bound on connections to one upstream; requests beyond it wait for one, within the timeout. */
    private static final int MAX_CONNECTIONS = 512;
    /** A pooled connection idle this long is checked before reuse (a 1 ms read), in case the server closed it. */
    private static final TimeValue VALIDATE_AFTER = TimeValue.ofSeconds(2);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    /** A streamed exchange's settings: no socket timeout, {@link #waits} bounds its waits instead. */
    private final RequestConfig untimed;
    private final WaitWatch waits;

    UpstreamHttp(UpstreamEndpoint endpoint, ObjectMapper json) {
        this.endpoint = endpoint;
        this.json = json;
        Timeout timeout = Timeout.of(endpoint.timeout());
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        .setValidateAfterInactivity(VALIDATE_AFTER)
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.untimed = RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(Timeout.DISABLED)
                .setRedirectsEnabled(false)
                .build();
        this.waits = new WaitWatch(endpoint.timeout());
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .build();
    }

    UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /** Connections to the upstream in the pool, free for the next request. */
    int idleConnections() {
        return connections.getTotalStats().getAvailable();
    }

    /** Connections to the upstream in use by an exchange. */
    int leasedConnections() {
        return connections.getTotalStats().getLeased();
    }

    /** A GET, answered whatever its status (for probes and listings). */
    Reply get(String path, Duration timeout) throws IOException {
        HttpGet request = request(new HttpGet(uri(path)), timeout);
        try (ClassicHttpResponse response = client.executeOpen(null, request, null)) {
            return Reply.of(response.getCode(), headers(response), text(response.getEntity(), Integer.MAX_VALUE));
        } catch (IOException e) {
            request.cancel();
            throw e;
        }
    }

    /** A POST of JSON whose whole JSON answer is read into {@code type}; any status but 2xx throws. */
    <T> T post(String path, Object body, Class<T> type, String model) {
        HttpPost request = post(path, body, "application/json");
        String text;
        try (ClassicHttpResponse response = client.executeOpen(null, request, null)) {
            text = text(response.getEntity(), Integer.MAX_VALUE);
            check(response, text, model);
        } catch (IOException e) {
            request.cancel();
            throw UpstreamErrors.transport(endpoint, e);
        }
        try {
            return json.readValue(text, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ProviderFailedException(endpoint.describe() + " sent an answer that is not what "
                    + type.getSimpleName() + " looks like: " + e.getOriginalMessage());
        }
    }

    /**
     * A POST of JSON whose answer is read as it arrives. Returns once the headers are in (within the timeout) and the
     * status is 2xx; closing the stream ends the exchange (the connection with it), {@link BodyStream#release()}
     * hands a finished one's connection back to the pool. The socket waits untimed: the {@link WaitWatch} bounds the
     * wait for the headers and each read of the body.
     */
    InputStream stream(String path, Object body, String model) {
        HttpPost request = post(path, body, "text/event-stream, application/x-ndjson, application/json");
        request.setConfig(untimed);
        WaitWatch.Wait wait = waits.watch(endpoint.timeout(), request::cancel);
        ClassicHttpResponse response;
        wait.begin();
        try {
            response = client.executeOpen(null, request, null);
        } catch (IOException e) {
            wait.close();
            request.cancel();
            boolean ownTimeout = e instanceof ConnectTimeoutException || e instanceof ConnectionRequestTimeoutException;
            throw UpstreamErrors.transport(endpoint, wait.expired() && !ownTimeout
                    ? new SocketTimeoutException("no answer within the timeout") : e);
        } finally {
            wait.end();
        }
        var stream = new BodyStream(request, response, wait, endpoint.describe());
        if (response.getCode() / 100 != 2) {
            String text;
            try (stream) {
                text = new String(stream.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            check(response, text, model);
        }
        return stream;
    }

    private void check(ClassicHttpResponse response, String body, String model) {
        if (response.getCode() / 100 != 2) {
            Header retryAfter = response.getFirstHeader("Retry-After");
            throw UpstreamErrors.of(endpoint, response.getCode(), body,
                    java.util.Optional.ofNullable(retryAfter).map(Header::getValue), model);
        }
    }

    private HttpPost post(String path, Object body, String accept) {
        HttpPost request = request(new HttpPost(uri(path)), endpoint.timeout());
        request.setHeader("Accept", accept);
        request.setEntity(new ByteArrayEntity(bytes(body), ContentType.APPLICATION_JSON));
        return request;
    }

    private URI uri(String path) {
        return URI.create(endpoint.base() + path);
    }

    private <R extends HttpUriRequestBase> R request(R request, Duration timeout) {
        if (!timeout.equals(endpoint.timeout())) {
            request.setConfig(RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.of(timeout))
                    .setResponseTimeout(Timeout.of(timeout))
                    .setRedirectsEnabled(false)
                    .build());
        }
        // Another Helix serves a request marked so with its own models only: no loop between Helixes.
        request.setHeader(HelixHeaders.FORWARDED, "1");
        if (endpoint.apiKey() != null && endpoint.profile().auth().acceptsKey()) {
            var header = endpoint.profile().auth().headers().getFirst();
            request.setHeader(header.header(), header.value(endpoint.apiKey()));
        }
        endpoint.headers().forEach(request::setHeader);
        return request;
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            all.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        return all;
    }

    private static String text(HttpEntity entity, int limit) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            return new String(in.readNBytes(limit), StandardCharsets.UTF_8);
        }
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body: " + e, e);
        }
    }

    @Override
    public void close() {
        waits.close();
        client.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
    }
}
