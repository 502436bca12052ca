package dev.helix.server.helix;

import dev.helix.providers.managed.ManagedProvider;
import dev.helix.providers.managed.ManagedStatus;
import dev.helix.server.ModelAccess;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The providers Helix runs itself, steered over HTTP: {@code POST /helix/providers/{name}/start|stop|restart}
 * (start and restart return once the server is started, not once it is ready), and
 * {@code GET /helix/providers/{name}/log?from=OFFSET} (the log's bytes from an offset, the next offset in the
 * {@code X-Helix-Log-Offset} header; without {@code from}, the last 64 KiB), which {@code helix logs -f} polls.
 */
final class ManagedRoutes {
    static final String OFFSET_HEADER = "X-Helix-Log-Offset";
    private static final int MAX_CHUNK = 64 * 1024;

    private final ModelAccess models;

    ManagedRoutes(ModelAccess models) {
        this.models = models;
    }

    /** The body of {@code POST /helix/providers/{name}/...}: the provider's state after the action. */
    record Action(String action, ManagedStatus provider) {}

    void register(RoutesConfig routes) {
        routes.post("/helix/providers/{name}/start", ctx -> act(ctx, "start"));
        routes.post("/helix/providers/{name}/stop", ctx -> act(ctx, "stop"));
        routes.post("/helix/providers/{name}/restart", ctx -> act(ctx, "restart"));
        routes.get("/helix/providers/{name}/log", this::log);
    }

    List<ManagedStatus> statuses() {
        return models.router().upstreams().map(u -> u.managed().stream().map(m -> m.process().status()).toList())
                .orElse(List.of());
    }

    private ManagedProvider find(Context ctx) {
        String name = ctx.pathParam("name");
        return models.router().upstreams().flatMap(u -> u.managed(name)).orElseThrow(() -> new NotFoundResponse(
                "no managed provider \"" + name + "\" (managed: " + String.join(", ", statuses().stream()
                        .map(ManagedStatus::name).toList()) + ")"));
    }

    private void act(Context ctx, String action) {
        var process = find(ctx).process();
        switch (action) {
            case "start" -> process.start();
            case "stop" -> process.stop();
            default -> process.restart();
        }
        ctx.json(new Action(action, process.status()));
    }

    private void log(Context ctx) throws IOException {
        Path file = find(ctx).process().spec().logFile();
        long size = Files.exists(file) ? Files.size(file) : 0;
        String fromParam = ctx.queryParam("from");
        long from;
        if (fromParam == null) {
            from = Math.max(0, size - MAX_CHUNK);
        } else {
            try {
                from = Long.parseLong(fromParam);
            } catch (NumberFormatException e) {
                throw new io.javalin.http.BadRequestResponse("from must be a byte offset, not " + fromParam);
            }
            if (from < 0 || from > size) {
                from = 0; // the log was rotated since: start over in the new file
            }
        }
        byte[] bytes = new byte[(int) Math.min(MAX_CHUNK, size - from)];
        if (bytes.length > 0) {
            try (var in = new RandomAccessFile(file.toFile(), "r")) {
                in.seek(from);
                in.readFully(bytes);
            }
        }
        ctx.header(OFFSET_HEADER, Long.toString(from + bytes.length));
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(new String(bytes, StandardCharsets.UTF_8));
    }
}
