package dev.helix.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import dev.helix.router.ModelRouter;
import java.util.concurrent.CompletableFuture;
import dev.helix.server.ollama.OllamaModelRoutes;
import dev.helix.server.ollama.OllamaRoutes;
import dev.helix.server.openai.LlamaCppExtrasRoutes;
import dev.helix.server.openai.OpenAiRoutes;
import dev.helix.server.openai.ResponsesRoutes;
import dev.helix.server.anthropic.AnthropicErrors;
import dev.helix.server.anthropic.MessagesRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the OpenAI APIs under {@code /v1} (Anthropic's Messages API at {@code /v1/messages}), the Ollama
 * API under {@code /api} and {@code /}. Every
 * failure is mapped to HTTP here, once, in the error shape of the API the request used.
 */
public final class HelixServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HelixServer.class);
    /** Long prompts on a CPU can take minutes before the first byte; the connection must not time out first. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    /** After a shutdown's deadline, how long answers ended then have to go out before connections are closed. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(2);

    private final Javalin app;
    private final dev.helix.server.helix.HelixRoutes helixRoutes;
    private final ObjectMapper json = WireJson.mapper();
    private final dev.helix.server.observe.Observability observability;
    private final InFlight inFlight = new InFlight();
    private final ReadDeadlines deadlines;
    private org.eclipse.jetty.server.Server jetty;
    private boolean stopped;

    private final dev.helix.router.pull.ModelPuller puller;

    private HelixServer(ServerSettings settings, CompletableFuture<ModelRouter> router, String version,
                        dev.helix.server.observe.Observability observability, dev.helix.router.pull.ModelPuller puller) {
        this.observability = observability;
        this.puller = puller;
        var bodies = new RequestBodies(json);
        var access = new ModelAccess(router, settings.maxPendingRequests(), inFlight);
        this.deadlines = new ReadDeadlines(settings.connections(), IDLE_TIMEOUT);
        observability.start(access);
        var observe = new dev.helix.server.observe.ObserveRoutes(observability, access, json, HelixServer::api,
                version);
        var apiKey = settings.apiKey() == null ? null : new ApiKeyCheck(settings.apiKey());
        this.helixRoutes = new dev.helix.server.helix.HelixRoutes(access);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Virtual threads: a graceful shutdown ends a request blocked on its model or an upstream by interrupting
            // it, which closes a virtual thread's socket at once (a platform thread's blocking read ignores it). On
            // platform threads a proxied token costs fewer wake-ups (benchmarks/RESULTS.md, Helix in front of Helix).
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.prefer405over404 = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jsonMapper(new JavalinJackson(json, true));
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> {
                jetty = server;
                server.setErrorHandler(new JsonErrorHandler(json));
                // Javalin puts its handler inside the innermost wrapper: requests pass the shutdown's count and
                // the read deadlines first.
                server.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler(deadlines));
                server.addBean(new org.eclipse.jetty.server.NetworkConnectionLimit(
                        settings.connections().maxConnections(), server));
                server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                        for (var connector : server.getConnectors()) {
                            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                                c.setIdleTimeout(settings.connections().headerTimeout().toMillis());
                                c.addEventListener(deadlines);
                            }
                        }
                    }
                });
            });
            observe.registerFirst(config.routes);
            new BrowserGuard(settings.origins(), settings.host()).register(config.routes);
            if (apiKey != null) {
                config.routes.before(apiKey::check);
            }
            new OpenAiRoutes(access, bodies).register(config.routes);
            new ResponsesRoutes(access, bodies).register(config.routes);
            new MessagesRoutes(access, bodies).register(config.routes);
            new LlamaCppExtrasRoutes(access, bodies).register(config.routes);
            new OllamaRoutes(access, bodies).register(config.routes);
            new OllamaModelRoutes(access, bodies, version).register(config.routes);
            new dev.helix.server.ollama.OllamaManageRoutes(access, bodies, puller).register(config.routes);
            helixRoutes.register(config.routes);
            observe.register(config.routes);
            new dev.helix.server.ui.UiRoutes().register(config.routes);
            config.routes.exception(ClientGoneException.class, (e, ctx) -> LOG.debug("client went away: {}", ctx.path()));
            config.routes.exception(io.javalin.http.HttpResponseException.class, HelixServer::fail);
            config.routes.exception(Exception.class, HelixServer::fail);
            config.routes.error(404, ctx -> {
                if (ctx.attribute("helix.error") == null) {
                    respond(ctx, new ApiFailure(404, "no such endpoint: " + ctx.method() + " " + ctx.path(),
                            "not_found_error", null, null, null));
                }
            });
            config.routes.error(405, ctx -> respond(ctx, new ApiFailure(405, "method " + ctx.method()
                    + " is not allowed on " + ctx.path(), "invalid_request_error", null, null, null)));
        });
    }

    /** Starts a server; {@link #port()} tells the port when settings asked for 0. */
    public static HelixServer start(ServerSettings settings, ModelRouter router, String version) {
        return start(settings, CompletableFuture.completedFuture(router), version);
    }

    /**
     * Starts listening while the router may still be starting (start-up does both side by side); requests that
     * come before it is ready wait for it.
     */
    public static HelixServer start(ServerSettings settings, CompletableFuture<ModelRouter> router, String version) {
        return start(settings, router, version, dev.helix.server.observe.Observability.defaults());
    }

    /** The same, watched by {@code observability} (metrics, alerts, request log), which the server then owns. */
    public static HelixServer start(ServerSettings settings, CompletableFuture<ModelRouter> router, String version,
                                    dev.helix.server.observe.Observability observability) {
        return start(settings, router, version, observability,
                dev.helix.router.pull.ModelPuller.fromEnvironment(System.getenv()));
    }

    /** A server whose {@code /api/pull} uses this puller (a test's fake hub); the server closes it. */
    public static HelixServer start(ServerSettings settings, CompletableFuture<ModelRouter> router, String version,
                                    dev.helix.router.pull.ModelPuller puller) {
        return start(settings, router, version, dev.helix.server.observe.Observability.defaults(), puller);
    }

    /** A server watched by {@code observability} whose {@code /api/pull} uses {@code puller}; it owns both. */
    public static HelixServer start(ServerSettings settings, CompletableFuture<ModelRouter> router, String version,
                                    dev.helix.server.observe.Observability observability,
                                    dev.helix.router.pull.ModelPuller puller) {
        var server = new HelixServer(settings, router, version, observability, puller);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            observability.close();
            puller.close();
            throw e;
        }
        return server;
    }

    /** Which API a path belongs to, for metrics and the request log. */
    static String api(String path) {
        if (MessagesRoutes.owns(path)) {
            return "anthropic";
        }
        if (path.startsWith("/v1/") || path.equals("/v1") || LlamaCppExtrasRoutes.owns(path)) {
            return "openai";
        }
        if (path.startsWith("/api/")) {
            return "ollama";
        }
        if (path.startsWith("/helix/") || path.equals("/metrics") || path.equals("/ui") || path.startsWith("/ui/")) {
            return "helix";
        }
        return "other";
    }

    /** Lets {@code POST /helix/reload} read the configuration again with this reloader. */
    public void reloadWith(dev.helix.server.reload.ConfigReloader reloader) {
        helixRoutes.reloadWith(reloader::reload);
    }

    public int port() {
        return app.port();
    }

    /**
     * Logs a failure and answers it. Expected failures (a provider's, an unsupported endpoint, a bad request) are one
     * line, never a stack trace: a client must not be able to flood the log. Only an unexpected exception, a bug,
     * carries its trace.
     */
    private static void fail(Exception e, Context ctx) {
        ApiFailure failure = ApiFailure.of(e);
        boolean expected = e instanceof dev.helix.provider.ProviderException || e instanceof NotSupportedException
                || e instanceof io.javalin.http.HttpResponseException;
        if (failure.status() == 501) {
            LOG.info("{} {}: not supported: {}", ctx.method(), ctx.path(), failure.message());
        } else if (failure.status() >= 500) {
            LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), failure.message(), expected ? null : e);
        }
        if (ctx.res().isCommitted()) {
            return;
        }
        respond(ctx, failure);
    }

    private static void respond(Context ctx, ApiFailure failure) {
        ctx.attribute("helix.error", Boolean.TRUE);
        ctx.attribute(dev.helix.server.observe.ObserveRoutes.ERROR_MESSAGE, failure.message());
        drainBody(ctx);
        ctx.status(failure.status());
        if (failure.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (failure.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, (failure.retryAfter().toMillis() + 999) / 1000)));
        }
        if (MessagesRoutes.owns(ctx.path())) {
            var anthropic = AnthropicErrors.of(failure);
            ctx.status(anthropic.status());
            ctx.json(anthropic.body());
        } else if (ctx.path().startsWith("/v1/") || ctx.path().equals("/v1") || LlamaCppExtrasRoutes.owns(ctx.path())) {
            ctx.json(failure.openAiError());
        } else {
            ctx.json(failure.ollamaError());
        }
    }

    /** Metrics, alerts and the request log of this server. */
    public dev.helix.server.observe.Observability observability() {
        return observability;
    }

    /**
     * Stops gracefully: stops accepting connections and closes idle ones, refuses new model work (503), lets the
     * requests working on models finish until the deadline, then ends those left: each stops at its next wait on its
     * model with an error in its API's shape (an error event when its stream has started). Connections still open
     * {@link #LAST_WORDS} after the deadline are closed. The router and its runners are the caller's to close after.
     */
    public void shutdown(Duration deadline) throws InterruptedException {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        inFlight.close();
        int working = inFlight.size();
        if (working > 0) {
            LOG.info("shutting down: {} request{} still working; waiting up to {} ms for {}", working,
                    working == 1 ? "" : "s", deadline.toMillis(), working == 1 ? "it" : "them");
        }
        jetty.setStopTimeout(deadline.plus(LAST_WORDS).toMillis());
        observability.endFeeds();
        Thread stopping = Thread.ofPlatform().name("helix-http-stop").start(app::stop);
        deadlines.closeIdle();
        if (!inFlight.awaitIdle(deadline)) {
            LOG.info("shutting down: ending {} request{} still working after {} ms", inFlight.size(),
                    inFlight.size() == 1 ? "" : "s", deadline.toMillis());
            inFlight.endAll();
        }
        stopping.join();
        observability.close();
        puller.close();
    }

    /**
     * Reads what is left of a request refused before its body was read (a foreign origin, a missing key, a wrong
     * path): a client still sending its body when the connection closed would see a reset instead of the answer. At
     * most the body limit is read, within the body read timeout; beyond that the connection closes as before.
     */
    private static void drainBody(Context ctx) {
        if (ctx.req().getContentLengthLong() != 0 && !ctx.res().isCommitted()) {
            try {
                ctx.bodyAsBytes();
            } catch (Exception tooLargeOrBroken) { // Javalin rethrows Jetty's IOException unchecked
                // answered anyway; the connection closes
            }
        }
    }

    /** Stops at once: connections are closed under any request still working. */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !stopped;
            stopped = true;
        }
        if (first) {
            inFlight.endAll();
            jetty.setStopTimeout(0);
            observability.endFeeds(); // first: the live feeds' streams, which app.stop() would wait for
            app.stop();
        }
        observability.close();
        puller.close();
    }
}
