package dev.helix.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import dev.helix.router.ModelRouter;
import java.util.concurrent.CompletableFuture;
import dev.helix.server.ollama.OllamaModelRoutes;
import dev.helix.server.ollama.OllamaRoutes;
import dev.helix.server.openai.LlamaCppExtrasRoutes;
import dev.helix.server.openai.OpenAiRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the OpenAI API under {@code /v1}, the Ollama API under {@code /api} and {@code /}. Every
 * failure is mapped to HTTP here, once, in the error shape of the API the request used.
 */
public final class HelixServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HelixServer.class);
    /** Long prompts on a CPU can take minutes before the first byte; the connection must not time out first. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    private final Javalin app;
    private final dev.helix.server.helix.HelixRoutes helixRoutes;
    private final ObjectMapper json = WireJson.mapper();

    private HelixServer(ServerSettings settings, CompletableFuture<ModelRouter> router, String version) {
        var bodies = new RequestBodies(json);
        var access = new ModelAccess(router, settings.maxPendingRequests());
        var apiKey = settings.apiKey() == null ? null : new ApiKeyCheck(settings.apiKey());
        this.helixRoutes = new dev.helix.server.helix.HelixRoutes(access);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.prefer405over404 = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jsonMapper(new JavalinJackson(json, true));
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(json)));
            config.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarted(org.eclipse.jetty.util.component.LifeCycle event) {
                    for (var connector : server.getConnectors()) {
                        if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                            c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                        }
                    }
                }
            }));
            new BrowserGuard(settings.origins(), settings.host()).register(config.routes);
            if (apiKey != null) {
                config.routes.before(apiKey::check);
            }
            new OpenAiRoutes(access, bodies).register(config.routes);
            new LlamaCppExtrasRoutes(access, bodies).register(config.routes);
            new OllamaRoutes(access, bodies).register(config.routes);
            new OllamaModelRoutes(access, bodies, version).register(config.routes);
            helixRoutes.register(config.routes);
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
        var server = new HelixServer(settings, router, version);
        server.app.start();
        return server;
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
        ctx.status(failure.status());
        if (failure.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (failure.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, (failure.retryAfter().toMillis() + 999) / 1000)));
        }
        if (ctx.path().startsWith("/v1/") || ctx.path().equals("/v1") || LlamaCppExtrasRoutes.owns(ctx.path())) {
            ctx.json(failure.openAiError());
        } else {
            ctx.json(failure.ollamaError());
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
