package dev.helix.providers.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.helix.providers.upstream.AuthHeader;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on an ephemeral loopback port that speaks one {@link ServerKind}'s exact wire format: its
 * fingerprint and health endpoints, its model listing, its generation endpoints (OpenAI SSE in that server's framing,
 * Ollama NDJSON, KoboldAI's native API), its auth and its error bodies. The reply is scripted ({@link Script}); every
 * request is recorded ({@link #requests()}) so a test can check what an adapter sent; {@link Fault}s make it
 * misbehave on demand. One virtual thread per exchange; {@link #close()} stops it and frees any handler held at a gate.
 *
 * <pre>{@code
 * try (var fake = FakeUpstream.start(ServerKind.LLAMA_SERVER)) {
 *     fake.script(fake.script().withTokens("Hi", "!"));
 *     ... point the code under test at fake.baseUri() ...
 *     assertEquals("POST /v1/chat/completions", fake.requests().getLast().line());
 * }
 * }</pre>
 */
public final class FakeUpstream implements AutoCloseable {
    /** The key a fake of a kind that requires one (Jan, TabbyAPI) asks for unless told another. */
    public static final String DEFAULT_KEY = "fake-key";

    private final ServerKind kind;
    private final ServerProfile profile;
    private final Persona persona;
    private final String apiKey;
    private final Set<String> without;
    private final Routes routes;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Script script;
    private volatile Injected injected;

    /** A fault and the requests it applies to. */
    private record Injected(Fault fault, Fault.Scope scope) {
    }

    private FakeUpstream(ServerKind kind, String apiKey, Set<String> without, Script script) {
        this.kind = kind;
        this.profile = ServerProfiles.of(kind);
        this.persona = Persona.of(kind);
        this.apiKey = apiKey;
        this.without = Set.copyOf(without);
        this.script = script;
        this.routes = DialectRoutes.forKind(kind);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake of this kind with the default script, and a key only if the kind requires one. */
    public static FakeUpstream start(ServerKind kind) {
        return builder(kind).start();
    }

    public static Builder builder(ServerKind kind) {
        return new Builder(kind);
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public ServerKind kind() {
        return kind;
    }

    public ServerProfile profile() {
        return profile;
    }

    /** The key it asks for, if any. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    public Script script() {
        return script;
    }

    /** What it answers from now on. */
    public void script(Script script) {
        this.script = Objects.requireNonNull(script, "script");
    }

    /** Makes generation requests misbehave from now on. */
    public void inject(Fault fault) {
        inject(fault, Fault.Scope.GENERATION);
    }

    /** Makes the requests in {@code scope} misbehave from now on. */
    public void inject(Fault fault, Fault.Scope scope) {
        this.injected = new Injected(Objects.requireNonNull(fault, "fault"), Objects.requireNonNull(scope, "scope"));
    }

    /** Behaves again. */
    public void clearFault() {
        this.injected = null;
    }

    /** Every request received so far, in order of arrival. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received for one {@code METHOD path}, e.g. {@code "POST /v1/chat/completions"}. */
    public List<RecordedRequest> requests(String line) {
        return requests.stream().filter(r -> r.line().equals(line)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        threads.close();
    }

    Persona persona() {
        return persona;
    }

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest request = record(exchange);
        requests.add(request);
        Optional<Routes.Route> route = routes.find(request.method(), request.path());
        Injected now = injected;
        Fault active = now != null && (now.scope() == Fault.Scope.EVERYTHING
                || route.map(Routes.Route::generation).orElse(false)) ? now.fault() : null;
        var call = new Call(exchange, request, this, active, route.map(Routes.Route::dialect)
                .orElse(profile.preferredDialect()));
        try {
            if (active instanceof Fault.Hang(Gate gate)) {
                gate.pass();
            }
            answer(call, request, route, active);
            exchange.close();
        } catch (Call.StreamEnded ended) {
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionKilled("the fake is closing");
        }
    }

    private void answer(Call call, RecordedRequest request, Optional<Routes.Route> route, Fault active)
            throws IOException, InterruptedException {
        boolean open = profile.auth().openPaths().contains(request.path());
        boolean needsKey = apiKey != null && !open;
        if (needsKey && persona.authBeforeRouting() && !authorized(request)) {
            call.send(ErrorBodies.unauthorized(kind, profile.auth().rejection(), keyGiven(request)));
            return;
        }
        if (route.isEmpty() || without.contains(request.path())) {
            call.text(persona.notFoundStatus(), persona.notFoundType(), persona.notFoundBody());
            return;
        }
        if (needsKey && !authorized(request)) {
            call.send(ErrorBodies.unauthorized(kind, profile.auth().rejection(), keyGiven(request)));
            return;
        }
        Dialect dialect = route.get().dialect();
        if (active instanceof Fault.ServerError(int status, String message)) {
            call.error(dialect, status, message);
        } else if (active instanceof Fault.MalformedJson) {
            malformed(call, dialect);
        } else {
            route.get().handler().handle(call);
        }
    }

    /** A 200 whose body breaks off inside a JSON object (for streams: an event that does). */
    private static void malformed(Call call, Dialect dialect) throws IOException {
        if (dialect == Dialect.OPENAI && call.streaming(false)) {
            Call.Stream out = call.stream("text/event-stream");
            out.write("data: {\"choices\":[{\"delta\":{\"content\":\"Hel\n\ndata: [DONE]\n\n");
            out.end();
        } else if (dialect == Dialect.OLLAMA && call.streaming(true)) {
            Call.Stream out = call.stream("application/x-ndjson");
            out.write("{\"model\":\"" + call.script().model() + "\",\"message\":{\"content\":\"Hel\n");
            out.end();
        } else {
            call.text(200, call.persona().jsonType(), "{\"choices\":[{\"message\":{\"content\":\"Hel");
        }
    }

    private boolean authorized(RecordedRequest request) {
        for (AuthHeader header : profile.auth().headers()) {
            if (request.header(header.header()).filter(v -> v.equals(header.value(apiKey))).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private boolean keyGiven(RecordedRequest request) {
        return profile.auth().headers().stream().anyMatch(h -> request.header(h.header()).isPresent());
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        return new RecordedRequest(exchange.getRequestMethod(), uri.getPath(),
                uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers, body);
    }

    /** How to start a fake. */
    public static final class Builder {
        private final ServerKind kind;
        private String apiKey;
        private Script script;
        private Set<String> without = Set.of();

        private Builder(ServerKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.apiKey = ServerProfiles.of(kind).auth().required() ? DEFAULT_KEY : null;
            this.script = Script.defaultFor(kind);
        }

        /** Requires this key, in the header(s) the kind reads a key from. */
        public Builder apiKey(String key) {
            if (!ServerProfiles.of(kind).auth().acceptsKey()) {
                throw new IllegalArgumentException(kind + " takes no key");
            }
            this.apiKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Requires no key, even where the kind usually does. */
        public Builder noKey() {
            this.apiKey = null;
            return this;
        }

        public Builder script(Script script) {
            this.script = Objects.requireNonNull(script, "script");
            return this;
        }

        /** The reply's tokens. */
        public Builder reply(String... tokens) {
            this.script = script.withTokens(tokens);
            return this;
        }

        /**
         * Answers these paths as if it had no such endpoint (its own 404), to play a version or sibling of the kind that
         * lacks them: KoboldAI United is KoboldCpp without {@code /api/extra/*} and without OpenAI's API.
         */
        public Builder without(String... paths) {
            this.without = Set.of(paths);
            return this;
        }

        public FakeUpstream start() {
            return new FakeUpstream(kind, apiKey, without, script);
        }
    }
}
