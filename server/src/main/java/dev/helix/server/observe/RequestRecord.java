package dev.helix.server.observe;

import dev.helix.provider.Usage;
import java.time.Instant;

/**
 * What one HTTP request did, filled in as it goes: the server's first handler opens it, the model access adds the
 * model, the backend, the time to the first token and the token counts, and the last handler closes it into metrics,
 * the request log and the dashboard. One request thread writes it; {@link #finish} publishes it.
 */
public final class RequestRecord {
    /** The model label of a request that never reached a model (refused, unknown name): keeps labels bounded. */
    public static final String NO_MODEL = "";

    private final String id;
    private final Instant time;
    private final long startNanos;
    private final String method;
    private final String path;
    private String model = NO_MODEL;
    private String backend = "";
    private long ttftNanos = -1;
    private long waitNanos;
    private int promptTokens;
    private int generatedTokens;

    public RequestRecord(String id, Instant time, long startNanos, String method, String path) {
        this.id = id;
        this.time = time;
        this.startNanos = startNanos;
        this.method = method;
        this.path = path;
    }

    /** The context attribute a request's record is kept under. */
    public static final String ATTRIBUTE = "helix.request";

    /** The record of the request a context serves, or null when nothing observes it. */
    public static RequestRecord of(io.javalin.http.Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** A model was leased for this request: its name and the backend serving it, and how long the lease took. */
    public void served(String model, String backend, long waitNanos) {
        this.model = model;
        this.backend = backend;
        this.waitNanos += waitNanos;
    }

    /** The first chunk of output is ready (the first of several generations in one request counts). */
    public void firstChunk(long nanoTime) {
        if (ttftNanos < 0) {
            ttftNanos = Math.max(0, nanoTime - startNanos);
        }
    }

    /** A generation or embedding finished with these counts (several in one request add up). */
    public void usage(Usage usage) {
        promptTokens += usage.promptTokens();
        generatedTokens += usage.completionTokens();
    }

    /** Embeddings count prompt tokens only. */
    public void promptTokens(int tokens) {
        promptTokens += tokens;
    }

    public String id() {
        return id;
    }

    public Instant time() {
        return time;
    }

    public long startNanos() {
        return startNanos;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String model() {
        return model;
    }

    public String backend() {
        return backend;
    }

    /** @return -1 when no output came */
    public long ttftNanos() {
        return ttftNanos;
    }

    public long waitNanos() {
        return waitNanos;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int generatedTokens() {
        return generatedTokens;
    }

    /** The request as finished: status, route, API and how long it took. */
    public FinishedRequest finish(int status, String api, String endpoint, long endNanos, String error) {
        return new FinishedRequest(time.toString(), id, method, path, api, endpoint, model, backend, status, promptTokens,
                generatedTokens, ttftNanos < 0 ? null : ttftNanos / 1e9, waitNanos / 1e9,
                Math.max(0, endNanos - startNanos) / 1e9, error);
    }
}
