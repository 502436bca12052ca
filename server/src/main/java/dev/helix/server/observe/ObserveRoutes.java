package dev.helix.server.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.server.ClientGoneException;
import dev.helix.server.ModelAccess;
import dev.helix.server.ResponseStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The server's side of {@link Observability}: a first handler that gives every request an id ({@code X-Request-Id},
 * the client's when it sent a sane one) and a {@link RequestRecord}, a last handler that closes the record, and the
 * endpoints: {@code GET /metrics} (Prometheus), {@code GET /helix/requests} (recent requests and errors),
 * {@code GET /helix/events} (recent events) and {@code GET /helix/live} (the live chart's server-sent events).
 */
public final class ObserveRoutes {
    public static final String REQUEST_ID = "X-Request-Id";
    /** The attribute the server's error mapping leaves the failure's message in. */
    public static final String ERROR_MESSAGE = "helix.error.message";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private final Observability observability;
    private final ModelAccess access;
    private final ObjectMapper json;
    private final Classifier classifier;
    private final String version;
    private final Instant startedAt = Instant.now();

    /** Which API a path belongs to: {@code openai}, {@code ollama}, {@code helix} or {@code other}. */
    @FunctionalInterface
    public interface Classifier {
        String api(String path);
    }

    public ObserveRoutes(Observability observability, ModelAccess access, ObjectMapper json, Classifier classifier,
                         String version) {
        this.version = version;
        this.observability = observability;
        this.access = access;
        this.json = json;
        this.classifier = classifier;
    }

    /** The first handler: register before every other. */
    public void registerFirst(RoutesConfig routes) {
        routes.before(this::open);
        routes.after(this::close);
    }

    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::metrics);
        routes.get("/helix/requests", ctx -> ctx.json(observability.recent().listing()));
        routes.get("/helix/events", ctx -> ctx.json(new Events(observability.recentEvents())));
        routes.get("/helix/live", this::live);
        routes.get("/helix/overview", ctx -> ctx.json(Overview.of(access.router(), version, startedAt,
                access.pending())));
    }

    /** The body of {@code GET /helix/events}. */
    public record Events(java.util.List<Observability.EventEntry> events) {}

    private void open(Context ctx) {
        if (ctx.attribute(RequestRecord.ATTRIBUTE) != null) {
            return;
        }
        String given = ctx.header(REQUEST_ID);
        String id = given != null && SANE_ID.matcher(given).matches() ? given : newRequestId();
        ctx.header(REQUEST_ID, id);
        ctx.attribute(RequestRecord.ATTRIBUTE, new RequestRecord(id, Instant.now(), System.nanoTime(),
                ctx.method().name(), ctx.path()));
    }

    /**
     * 128 random bits in hex: unique enough to find a request by, and cheap (no SecureRandom on the request path;
     * an id is not a secret).
     */
    public static String newRequestId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        char[] hex = new char[32];
        for (int half = 0; half < 2; half++) {
            long bits = random.nextLong();
            for (int i = 15; i >= 0; i--) {
                hex[half * 16 + i] = Character.forDigit((int) (bits & 0xF), 16);
                bits >>>= 4;
            }
        }
        return new String(hex);
    }

    private void close(Context ctx) {
        RequestRecord record = RequestRecord.of(ctx);
        if (record == null || ctx.method() == io.javalin.http.HandlerType.OPTIONS) {
            return;
        }
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String endpoint = matched == null ? "unmatched" : matched.path;
        int status = ctx.statusCode();
        String error = status >= 400 ? ctx.attribute(ERROR_MESSAGE) : null;
        observability.finished(record.finish(status, classifier.api(ctx.path()), endpoint, System.nanoTime(), error));
    }

    private void metrics(Context ctx) throws IOException {
        var body = new java.io.ByteArrayOutputStream(64 << 10);
        observability.metrics().scrape(body);
        ctx.contentType(observability.metrics().contentType());
        ctx.result(body.toByteArray());
    }

    /**
     * Server-sent events, one {@code tick} per interval until the client goes or the server stops. A comment line goes
     * out first so the client knows the stream is open.
     */
    private void live(Context ctx) throws InterruptedException {
        LiveFeed feed = observability.live();
        if (feed == null) {
            throw new io.javalin.http.ServiceUnavailableResponse("the live feed is not running");
        }
        OutputStream out = ResponseStream.open(ctx, "text/event-stream");
        try (LiveFeed.Subscription subscription = feed.subscribe()) {
            write(out, ": helix live feed\n\n");
            while (subscription.open()) {
                LiveFeed.Tick tick = subscription.next(Duration.ofSeconds(15));
                if (tick == null) {
                    write(out, ": keep-alive\n\n"); // also finds a client that went away
                    continue;
                }
                write(out, "event: tick\ndata: " + json.writeValueAsString(tick) + "\n\n");
            }
        } catch (ClientGoneException e) {
            // the page was closed
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }
}
