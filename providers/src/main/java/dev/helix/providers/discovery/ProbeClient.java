package dev.helix.providers.discovery;

import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs for probes: each bounded by a deadline however the server behaves (refusing, hanging, trickling, answering
 * forever), its body read up to a limit, at most a fixed number in flight at once across all callers.
 */
final class ProbeClient {
    static final int BODY_LIMIT = 256 * 1024;

    private final HttpClient client;
    private final Semaphore inFlight;

    ProbeClient(HttpClient client, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.client = client;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** GET {@code base + path} with these headers, answered or failed by {@code deadlineNanos} (System.nanoTime). */
    Fetched get(URI base, String path, Map<String, String> headers, long deadlineNanos) {
        try {
            if (!inFlight.tryAcquire(left(deadlineNanos), TimeUnit.NANOSECONDS)) {
                return new Fetched.Failed(Fetched.Failure.TIMED_OUT, "no probe slot in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failed(Fetched.Failure.TIMED_OUT, "interrupted");
        }
        try {
            return send(base.resolve(path), headers, deadlineNanos);
        } finally {
            inFlight.release();
        }
    }

    private Fetched send(URI uri, Map<String, String> headers, long deadlineNanos) {
        long left = left(deadlineNanos);
        if (left <= 0) {
            return new Fetched.Failed(Fetched.Failure.TIMED_OUT, "no time left");
        }
        var request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofNanos(left));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request.build(), CappedBody.handler(BODY_LIMIT));
        try {
            HttpResponse<String> response = answer.get(left, TimeUnit.NANOSECONDS);
            return new Fetched.Answered(Reply.of(response.statusCode(), response.headers().map(), response.body()));
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Fetched.Failed(Fetched.Failure.TIMED_OUT, uri + ": no answer in time");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Fetched.Failed(Fetched.Failure.TIMED_OUT, uri + ": interrupted");
        } catch (ExecutionException e) {
            return failure(uri, e.getCause());
        }
    }

    private static Fetched failure(URI uri, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return new Fetched.Failed(Fetched.Failure.TIMED_OUT, uri + ": " + cause.getMessage());
        }
        if (cause instanceof ConnectException || cause != null && cause.getCause() instanceof ConnectException) {
            return new Fetched.Failed(Fetched.Failure.REFUSED, uri + ": connection refused");
        }
        String detail = cause instanceof IOException ? cause.toString() : String.valueOf(cause);
        return new Fetched.Failed(Fetched.Failure.BROKEN, uri + ": " + detail);
    }

    private static long left(long deadlineNanos) {
        return deadlineNanos - System.nanoTime();
    }
}
