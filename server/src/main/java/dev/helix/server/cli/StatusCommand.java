package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"One screen on a running Helix: the server, its models (loaded ones first) and its providers "
                + "with their health.", "Asks the server at --host/--port (GET /helix/overview)."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the server's overview as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode o = ServerClient.require(address, config).get("/helix/overview");
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
            return 0;
        }
        int loaded = 0;
        for (JsonNode m : o.path("models")) {
            loaded += m.path("loaded").asBoolean() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "Helix %s, up %d s, %d request%s pending; %d model%s, %d loaded%n",
                o.path("version").asText(), o.path("uptime_seconds").asLong(), o.path("pending_requests").asInt(),
                o.path("pending_requests").asInt() == 1 ? "" : "s", o.path("models").size(),
                o.path("models").size() == 1 ? "" : "s", loaded);
        var models = new Table("MODEL", "STATE", "SIZE", "UNTIL", "ACTIVE");
        for (boolean wantLoaded : new boolean[] {true, false}) {
            for (JsonNode m : o.path("models")) {
                if (m.path("loaded").asBoolean() == wantLoaded) {
                    models.row(m.path("name").asText(), wantLoaded ? "loaded" : "available",
                            Table.bytes(m.path("size_bytes").asLong()), wantLoaded && m.hasNonNull("expires_at")
                                    ? m.get("expires_at").asText() : "-", m.path("active_requests").asText());
                }
            }
        }
        System.out.print("\n" + models);
        var providers = new Table("PROVIDER", "KIND", "HEALTH", "BREAKER", "IN FLIGHT", "MODELS");
        for (JsonNode p : o.path("providers")) {
            var names = new StringBuilder();
            p.path("models").forEach(m -> names.append(names.isEmpty() ? "" : ", ").append(m.asText()));
            providers.row(p.path("id").asText(), p.path("kind").asText(), p.path("health").asText(),
                    p.path("breaker").asText(), p.path("in_flight").asText(), names.isEmpty() ? "-" : names.toString());
        }
        System.out.print("\n" + providers);
        for (JsonNode f : o.path("failures")) {
            System.out.println("\nfailed to load " + f.path("model").asText() + ": " + f.path("message").asText());
        }
        return 0;
    }
}
